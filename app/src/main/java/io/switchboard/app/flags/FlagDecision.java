package io.switchboard.app.flags;

import java.util.Optional;

/**
 * Whether a feature is on for one workspace, and why: {@code source} names the rule that decided
 * ({@code deny_list}, {@code platform_off}, {@code allow_list}, {@code plan}, {@code rollout},
 * {@code workspace}, {@code default}, {@code unknown}); {@code reason} says it in plain words.
 */
public record FlagDecision(String key, boolean enabled, String source, String reason, boolean tenantSettable,
                           Optional<Boolean> workspaceSetting) {}
