package io.poshub.support;

import io.poshub.PoshubApplication;
import io.poshub.member.MembersArrived;
import org.springframework.boot.SpringApplication;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The hub in a JVM of its own, started by a test with the test classpath, so that the test can kill it. With
 * {@code -Dhub.halt-after-member-commit=true} the JVM halts the moment a transaction announcing members has committed —
 * before any listener of that announcement ran: a crash between the commit and the listener, made to happen every time.
 */
public final class HubProcess {

    private HubProcess() {
    }

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(PoshubApplication.class);
        if (Boolean.getBoolean("hub.halt-after-member-commit")) {
            app.addInitializers(context -> ((GenericApplicationContext) context).registerBean(HaltAfterCommit.class));
        }
        app.run(args);
    }

    /** Not a component: registered only in the halting run. */
    static final class HaltAfterCommit {

        /** Called inside the publishing transaction; halts right after its commit, ahead of every after-commit listener. */
        @EventListener
        void halt(MembersArrived arrived) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public int getOrder() {
                    return Ordered.HIGHEST_PRECEDENCE;
                }

                @Override
                public void afterCommit() {
                    Runtime.getRuntime().halt(137);
                }
            });
        }
    }
}
