package com.zoomvconnect.e2e;

import java.util.Set;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Starts the sign-in tests' Keycloak in the background as soon as a test run that includes them
 * begins (registered in {@code META-INF/services}): its first start takes half a minute or more of
 * one core, which the suite's first phase (the soak beside the classes without a browser) has to
 * spare, while the browser phase, where the sign-in classes run, has none. The classes then find it
 * running ({@link KeycloakSignIn#keycloak()} waits for a start in progress). A failed start here is
 * only printed: the first class that asks starts Keycloak again and fails with the cause.
 */
public final class KeycloakPrestart implements TestExecutionListener {
    private static final Set<String> USERS = Set.of(OidcKeycloakBrowserTest.class.getName(), SamlKeycloakBrowserTest.class.getName());

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        if (!includesSignInTests(plan)) {
            return;
        }
        Thread.ofPlatform().daemon().name("keycloak-prestart").start(() -> {
            try {
                KeycloakSignIn.keycloak();
            } catch (RuntimeException | Error e) {
                System.err.println("keycloak-prestart: Keycloak did not start (the sign-in tests will try again): " + e);
            }
        });
    }

    private static boolean includesSignInTests(TestPlan plan) {
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                if (id.getSource().orElse(null) instanceof ClassSource c && USERS.contains(c.getClassName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
