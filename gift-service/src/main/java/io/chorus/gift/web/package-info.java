/** Error rendering: problem+json with a machine-readable {@code code}. */
package io.chorus.gift.web;
