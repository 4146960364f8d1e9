package io.switchboard.engine.spi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes one field of a node's config record for the property form generated from it: its
 * title, help text, what kind of input it is, and for selects its options.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD})
public @interface FieldInfo {

  String title();

  String help() default "";

  FieldKind kind() default FieldKind.TEXT;

  /** The choices of a {@link FieldKind#SELECT}. */
  String[] options() default {};

  /** For {@link FieldKind#CREDENTIAL}: which type of credential fits ({@code twilio}, {@code sendgrid}). */
  String credentialType() default "";

  boolean required() default false;

  /** What the empty field shows as an example. */
  String placeholder() default "";
}
