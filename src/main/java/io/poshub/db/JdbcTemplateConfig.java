package io.poshub.db;

import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.jdbc.JdbcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@link JdbcTemplate} every module uses is a {@link TypedJdbcTemplate}, set up from {@code spring.jdbc.template.*}
 * as Spring Boot sets up its own (which stands back when one is defined).
 */
@Configuration(proxyBeanMethods = false)
class JdbcTemplateConfig {

    @Bean
    JdbcTemplate jdbcTemplate(DataSource dataSource, JdbcProperties properties) {
        JdbcTemplate jdbc = new TypedJdbcTemplate(dataSource);
        JdbcProperties.Template template = properties.getTemplate();
        jdbc.setFetchSize(template.getFetchSize());
        jdbc.setMaxRows(template.getMaxRows());
        if (template.getQueryTimeout() != null) {
            jdbc.setQueryTimeout((int) template.getQueryTimeout().getSeconds());
        }
        jdbc.setIgnoreWarnings(template.isIgnoreWarnings());
        jdbc.setSkipResultsProcessing(template.isSkipResultsProcessing());
        jdbc.setSkipUndeclaredResults(template.isSkipUndeclaredResults());
        jdbc.setResultsMapCaseInsensitive(template.isResultsMapCaseInsensitive());
        return jdbc;
    }
}
