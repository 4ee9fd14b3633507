package io.poshub.web;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an {@link UnsafeConfiguration} into Spring Boot's start-up report: its one line, and what to set. */
class UnsafeConfigurationAnalyzer extends AbstractFailureAnalyzer<UnsafeConfiguration> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnsafeConfiguration cause) {
        return new FailureAnalysis(cause.getMessage(), "Fix the setting named above and start the hub again.", cause);
    }
}
