package io.chorus.gift;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GiftServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(GiftServiceApplication.class, args);
    }
}
