package io.switchboard.engine.expression;

import dev.cel.common.types.CelType;
import dev.cel.runtime.CelRuntime;

/**
 * A checked expression ready to run; immutable and shared between threads.
 *
 * @param usesClock whether it calls a function that needs the scope's clock or time zone, which
 *     are bound for each evaluation; most expressions do not, and skip that cost
 * @param resultType what the checker knows of the result ({@code dyn} when it depends on data)
 */
record CompiledExpression(String source, CelRuntime.Program program, boolean usesClock, CelType resultType) {}
