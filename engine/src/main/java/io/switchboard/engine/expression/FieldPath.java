package io.switchboard.engine.expression;

/**
 * Where a value sits in the scope, such as {@code contact.first_name} or
 * {@code nodes["Look up contact"].items[2]}: named in error messages. Built as a linked chain so
 * reading a field costs one small object, and the text is only made when a message needs it.
 */
record FieldPath(FieldPath parent, String key, int index) {

  static FieldPath root(String name) {
    return new FieldPath(null, name, -1);
  }

  FieldPath field(String name) {
    return new FieldPath(this, name, -1);
  }

  FieldPath item(int position) {
    return new FieldPath(this, null, position);
  }

  boolean isRoot() {
    return parent == null;
  }

  @Override
  public String toString() {
    if (parent == null) {
      return key;
    }
    if (key == null) {
      return parent + "[" + index + "]";
    }
    return FieldAccess.of(parent.toString(), key);
  }
}
