package io.switchboard.engine.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tarjan's strongly connected components, with an explicit stack instead of recursion so that a
 * chain of thousands of steps does not overflow the thread's stack.
 */
final class StronglyConnected {

  private StronglyConnected() {
  }

  /** The components of the graph whose successors of node {@code v} are {@code next[v]}. */
  static List<int[]> components(int[][] next) {
    int n = next.length;
    int[] order = new int[n];
    Arrays.fill(order, -1);
    int[] low = new int[n];
    int[] edgeCursor = new int[n];
    boolean[] onStack = new boolean[n];
    int[] stack = new int[n];
    int[] calls = new int[n];
    int stackSize = 0;
    int counter = 0;
    List<int[]> components = new ArrayList<>();

    for (int root = 0; root < n; root++) {
      if (order[root] != -1) {
        continue;
      }
      int depth = 0;
      calls[depth++] = root;
      order[root] = low[root] = counter++;
      stack[stackSize++] = root;
      onStack[root] = true;
      while (depth > 0) {
        int v = calls[depth - 1];
        if (edgeCursor[v] < next[v].length) {
          int w = next[v][edgeCursor[v]++];
          if (order[w] == -1) {
            order[w] = low[w] = counter++;
            stack[stackSize++] = w;
            onStack[w] = true;
            calls[depth++] = w;
          } else if (onStack[w]) {
            low[v] = Math.min(low[v], order[w]);
          }
          continue;
        }
        depth--;
        if (depth > 0) {
          int parent = calls[depth - 1];
          low[parent] = Math.min(low[parent], low[v]);
        }
        if (low[v] == order[v]) {
          int start = stackSize;
          do {
            start--;
            onStack[stack[start]] = false;
          } while (stack[start] != v);
          components.add(Arrays.copyOfRange(stack, start, stackSize));
          stackSize = start;
        }
      }
    }
    return components;
  }
}
