package io.poshub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PoshubApplication {

    public static void main(String[] args) {
        SpringApplication.run(PoshubApplication.class, args);
    }
}
