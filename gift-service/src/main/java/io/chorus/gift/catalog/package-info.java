/** The gift catalog: which gifts exist, their display names, largest amounts and values. */
package io.chorus.gift.catalog;
