package io.switchboard.app.plans;

import org.springframework.beans.factory.ObjectProvider;

import java.util.List;

/**
 * The beans of one type, in order, looked up the first time they are needed (after every bean
 * exists, so two beans may depend on each other this way) and kept: asking the bean factory on every
 * request cost more than the admission checks that use them.
 */
final class ResolvedBeans<T> {

  private final ObjectProvider<T> provider;
  private volatile List<T> resolved;

  ResolvedBeans(ObjectProvider<T> provider) {
    this.provider = provider;
  }

  List<T> get() {
    List<T> beans = resolved;
    if (beans == null) {
      beans = provider.orderedStream().toList();
      resolved = beans;
    }
    return beans;
  }
}
