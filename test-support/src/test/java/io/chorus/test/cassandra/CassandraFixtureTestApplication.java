package io.chorus.test.cassandra;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The smallest Spring Boot app with reactive Spring Data Cassandra, configured only by the fixture. */
@SpringBootApplication
class CassandraFixtureTestApplication {}
