// The workflow canvas: React Flow wrapped as a web component for Vaadin (FlowCanvas.java).
// Java sends the model, the node types, run statuses, problems and node patches as state; the
// canvas sends the whole graph back after every change ("graph-changed") and the selection
// ("node-selected").
import { ReactAdapterElement, type RenderHooks } from 'Frontend/generated/flow/ReactAdapter';
import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  addEdge,
  Background,
  Controls,
  Handle,
  MiniMap,
  Panel,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
  useReactFlow,
  type Connection,
  type Edge,
  type Node,
  type NodeProps,
} from '@xyflow/react';
// @ts-ignore: a style sheet import, bundled by Vite
import '@xyflow/react/dist/style.css';

type Port = { name: string; label: string };
type NodeTypeInfo = {
  key: string;
  name: string;
  category: string;
  description: string;
  kind: string;
  inputs: string[];
  ports: Port[];
};
type StepData = {
  type: string;
  name: string;
  config: Record<string, unknown>;
  options: Record<string, unknown> | null;
  disabled: boolean;
  ports: Port[];
  inputs: string[];
  kind: string;
  typeName: string;
  category: string;
  status?: string;
  problems?: string[];
};
type StepNode = Node<StepData, 'step'>;
type ModelNode = {
  id: string;
  type: string;
  name: string;
  position: { x: number; y: number };
  config: Record<string, unknown>;
  options: Record<string, unknown> | null;
  disabled: boolean;
  ports?: Port[];
};
type ModelEdge = { from: string; fromPort: string; to: string; toInput: string };
type Model = { rev: number; nodes: ModelNode[]; edges: ModelEdge[]; unsaved?: boolean };
// Where unsaved edits are kept in the browser (localStorage), so an expired session loses nothing.
type DraftTarget = { key: string; workflowId: string; baseVersion: number };
type Patch = { seq: number; nodes: Array<Partial<ModelNode> & { id: string }> };
type Focus = { seq: number; id: string };


const STYLE = `
flow-canvas { display: block; height: 100%; min-height: 360px; }
.sb-canvas { display: flex; height: 100%; width: 100%; font-family: var(--lumo-font-family, sans-serif); font-size: 13px; }
.sb-palette { width: 220px; flex: none; overflow-y: auto; border-right: 1px solid #dde1e8; padding: 8px; background: #f7f8fa; }
.sb-palette-search { display: flex; flex-direction: column; gap: 4px; font-weight: 600; margin-bottom: 8px; }
.sb-palette-search input { font: inherit; padding: 6px 8px; border: 1px solid #b8bfcc; border-radius: 6px; }
.sb-palette h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #4b5563; margin: 10px 0 4px; }
.sb-palette-item { display: flex; flex-direction: column; align-items: flex-start; gap: 2px; width: 100%; text-align: left; margin-bottom: 6px;
  padding: 6px 8px; border: 1px solid #d5dae3; border-radius: 6px; background: white; cursor: grab; font: inherit; color: #1f2937; }
.sb-palette-item:hover, .sb-palette-item:focus { border-color: #1565c0; outline: none; box-shadow: 0 0 0 2px #1565c033; }
.sb-palette-item span { font-size: 11px; color: #5b6472; line-height: 1.3; }
.sb-palette-empty { color: #5b6472; }
.sb-flow { flex: 1; position: relative; min-width: 0; }
.sb-step { background: white; border: 2px solid #c7ccd6; border-radius: 8px; padding: 6px 28px 6px 12px; width: 190px; box-sizing: border-box; }
.sb-step.sb-selected { border-color: #1565c0; outline: 2px solid #1565c0; outline-offset: 3px; }
.sb-step.sb-disabled { opacity: .55; border-style: dashed; }
.sb-step-type { font-size: 10px; color: #5b6472; text-transform: uppercase; letter-spacing: .03em; }
.sb-step-name { font-weight: 600; color: #111827; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.sb-step-status { font-size: 11px; font-weight: 700; text-transform: uppercase; }
.sb-step-problems { font-size: 11px; color: #c62828; margin-top: 2px; line-height: 1.25; }
.sb-step .react-flow__handle { width: 11px; height: 11px; background: #4b5563; border: 2px solid white; }
.sb-step .react-flow__handle-right { right: -7px; }
.sb-step .react-flow__handle-left { left: -7px; }
.sb-handle-label { position: absolute; top: -4px; font-size: 10px; color: #374151; white-space: nowrap; pointer-events: none; }
.sb-out-label { right: 14px; }
.sb-in-label { left: 14px; }
.sb-toolbar { display: flex; gap: 4px; background: white; border: 1px solid #dde1e8; border-radius: 8px; padding: 4px; }
.sb-toolbar button { font: inherit; font-size: 12px; padding: 4px 8px; border: 1px solid #c7ccd6; border-radius: 6px; background: white; cursor: pointer; }
.sb-toolbar button:disabled { opacity: .45; cursor: default; }
`;

function ensureStyle() {
  if (!document.getElementById('sb-canvas-style')) {
    const style = document.createElement('style');
    style.id = 'sb-canvas-style';
    style.textContent = STYLE;
    document.head.appendChild(style);
  }
}

const STATUS_COLOURS: Record<string, string> = {
  succeeded: '#1f8a4c',
  failed: '#c62828',
  running: '#1565c0',
  waiting: '#b26a00',
  cancelled: '#6b7280',
};

function StepNodeView({ data, selected, id }: NodeProps<StepNode>) {
  const inputs = data.inputs ?? [];
  const ports = data.ports ?? [];
  const colour = data.status ? STATUS_COLOURS[data.status] ?? '#6b7280' : undefined;
  const problems = data.problems ?? [];
  const rows = Math.max(inputs.length, ports.length, 1);
  return (
    <div
      className={'sb-step' + (selected ? ' sb-selected' : '') + (data.disabled ? ' sb-disabled' : '')}
      data-testid={'node-' + id}
      data-node-name={data.name}
      data-status={data.status ?? ''}
      data-problems={problems.length}
      title={problems.join('\n')}
      style={{
        borderColor: colour ?? (problems.length ? '#c62828' : selected ? '#1565c0' : '#c7ccd6'),
        boxShadow: colour ? `0 0 0 3px ${colour}55` : undefined,
        minHeight: 44 + rows * 18,
      }}
    >
      <div className="sb-step-type">
        {data.category} · {data.typeName}
      </div>
      <div className="sb-step-name">{data.name}</div>
      {data.status && (
        <div className="sb-step-status" style={{ color: colour }}>
          {data.status}
        </div>
      )}
      {problems.length > 0 && (
        <div className="sb-step-problems" aria-label={problems.length + ' problems'}>
          ⚠ {problems.length === 1 ? problems[0] : problems.length + ' problems'}
        </div>
      )}
      {inputs.map((input, i) => (
        <Handle
          key={'in-' + input}
          id={input}
          type="target"
          position={Position.Left}
          style={{ top: 24 + i * 22 }}
          data-testid={`handle-${id}-in-${input}`}
          aria-label={`input ${input} of ${data.name}`}
        >
          {inputs.length > 1 && <span className="sb-handle-label sb-in-label">{input}</span>}
        </Handle>
      ))}
      {ports.map((port, i) => (
        <Handle
          key={'out-' + port.name}
          id={port.name}
          type="source"
          position={Position.Right}
          style={{ top: 24 + i * 22 }}
          data-testid={`handle-${id}-out-${port.name}`}
          aria-label={`output ${port.label} of ${data.name}`}
        >
          {(ports.length > 1 || port.name !== 'out') && <span className="sb-handle-label sb-out-label">{port.label}</span>}
        </Handle>
      ))}
    </div>
  );
}

const NODE_TYPES = { step: StepNodeView };

function edgeId(e: ModelEdge) {
  return `${e.from}:${e.fromPort}->${e.to}:${e.toInput}`;
}

function toFlowEdge(e: ModelEdge): Edge {
  return { id: edgeId(e), source: e.from, sourceHandle: e.fromPort, target: e.to, targetHandle: e.toInput };
}

function toFlowNode(n: ModelNode, types: Map<string, NodeTypeInfo>): StepNode {
  const t = types.get(n.type);
  return {
    id: n.id,
    type: 'step',
    position: n.position ?? { x: 0, y: 0 },
    data: {
      type: n.type,
      name: n.name,
      config: n.config ?? {},
      options: n.options ?? null,
      disabled: !!n.disabled,
      ports: n.ports ?? t?.ports ?? [],
      inputs: t?.inputs ?? ['in'],
      kind: t?.kind ?? 'action',
      typeName: t?.name ?? n.type,
      category: t?.category ?? '',
    },
  };
}

type GraphModel = ReturnType<typeof toModel>;

function toModel(nodes: StepNode[], edges: Edge[]) {
  return {
    nodes: nodes.map((n) => ({
      id: n.id,
      type: n.data.type,
      name: n.data.name,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      config: n.data.config,
      options: n.data.options,
      disabled: n.data.disabled,
    })),
    edges: edges.map((e) => ({
      from: e.source,
      fromPort: e.sourceHandle ?? 'out',
      to: e.target,
      toInput: e.targetHandle ?? 'in',
    })),
  };
}

function nextId(nodes: StepNode[]) {
  let max = 0;
  for (const n of nodes) {
    const m = /^n(\d+)$/.exec(n.id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return () => 'n' + ++max;
}

function uniqueName(base: string, nodes: StepNode[]) {
  const taken = new Set(nodes.map((n) => n.data.name));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base} ${i}`)) return `${base} ${i}`;
}

/** Layered layout: each step one column right of the furthest step leading into it. */
function layered(nodes: StepNode[], edges: Edge[]): StepNode[] {
  const depth = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  for (let pass = 0; pass < nodes.length; pass++) {
    let changed = false;
    for (const e of edges) {
      if (e.targetHandle === 'next') continue;
      const d = (depth.get(e.source) ?? 0) + 1;
      if (d > (depth.get(e.target) ?? 0) && d < nodes.length + 1) {
        depth.set(e.target, d);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const rows = new Map<number, number>();
  return nodes.map((n) => {
    const col = depth.get(n.id) ?? 0;
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    return { ...n, position: { x: col * 260, y: row * 140 } };
  });
}

type Snapshot = { nodes: StepNode[]; edges: Edge[] };

type CanvasProps = {
  model: Model | null;
  types: NodeTypeInfo[];
  statuses: Record<string, string>;
  problems: Record<string, string[]>;
  patch: Patch | null;
  focus: Focus | null;
  readOnly: boolean;
  draft: DraftTarget | null;
  emitGraph: (json: string) => void;
  emitSelect: (id: string) => void;
};

function Palette({ types, onAdd }: { types: NodeTypeInfo[]; onAdd: (t: NodeTypeInfo) => void }) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const found = types.filter(
      (t) => !q || t.name.toLowerCase().includes(q) || t.description.toLowerCase().includes(q) || t.category.toLowerCase().includes(q),
    );
    const byCategory = new Map<string, NodeTypeInfo[]>();
    for (const t of found) {
      byCategory.set(t.category, [...(byCategory.get(t.category) ?? []), t]);
    }
    return [...byCategory.entries()];
  }, [types, query]);
  return (
    <aside className="sb-palette" aria-label="Steps to add">
      <label className="sb-palette-search">
        <span>Find a step</span>
        <input
          type="search"
          value={query}
          placeholder="Search steps"
          aria-label="Search steps"
          data-testid="palette-search"
          onChange={(e) => setQuery(e.target.value)}
        />
      </label>
      {groups.length === 0 && <p className="sb-palette-empty">No step matches “{query}”.</p>}
      {groups.map(([category, list]) => (
        <section key={category} aria-label={category}>
          <h3>{category}</h3>
          {list.map((t) => (
            <button
              type="button"
              key={t.key}
              className="sb-palette-item"
              draggable
              data-testid={'palette-' + t.key}
              title={t.description + ' Drag onto the canvas, or click to add.'}
              aria-label={`Add ${t.name}: ${t.description}`}
              onDragStart={(e) => {
                e.dataTransfer.setData('application/x-switchboard-node', t.key);
                e.dataTransfer.effectAllowed = 'move';
              }}
              onClick={() => onAdd(t)}
            >
              <strong>{t.name}</strong>
              <span>{t.description}</span>
            </button>
          ))}
        </section>
      ))}
    </aside>
  );
}

function Canvas(props: CanvasProps) {
  const { model, types, statuses, problems, patch, focus, readOnly, draft, emitGraph, emitSelect } = props;
  const typeMap = useMemo(() => new Map(types.map((t) => [t.key, t])), [types]);
  const [nodes, setNodes, onNodesChange] = useNodesState<StepNode>([]);
  const [edges, setEdges, onEdgesChange] = useEdgesState<Edge>([]);
  const flow = useReactFlow<StepNode, Edge>();
  const wrapper = useRef<HTMLDivElement>(null);
  const history = useRef<{ stack: Snapshot[]; index: number }>({ stack: [], index: -1 });
  const clipboard = useRef<Snapshot | null>(null);
  const state = useRef<Snapshot>({ nodes: [], edges: [] });
  const [, forceRender] = useState(0);
  const seenPatch = useRef(0);
  const draftTarget = useRef<DraftTarget | null>(null);
  draftTarget.current = draft;
  state.current = { nodes, edges };

  // Keeps the graph with unsaved changes in the browser; the editor offers it back after a new sign-in.
  const writeDraft = useCallback((graph: GraphModel) => {
    const target = draftTarget.current;
    if (!target || readOnly) return;
    try {
      localStorage.setItem(
        target.key,
        JSON.stringify({ workflowId: target.workflowId, baseVersion: target.baseVersion, savedAt: Date.now(), graph }),
      );
    } catch {
      // storage full or switched off: the server-side unsaved-changes guard still applies
    }
  }, [readOnly]);
  const send = useCallback(
    (graph: GraphModel) => emitGraph(JSON.stringify({ ...graph, seenPatch: seenPatch.current })),
    [emitGraph],
  );
  // A change is kept as the draft and, unless it came from Java, sent to Java: the model is built once for both.
  const changed = useCallback(
    (n: StepNode[], e: Edge[], tellJava: boolean) => {
      const graph = toModel(n, e);
      writeDraft(graph);
      if (tellJava) send(graph);
    },
    [send, writeDraft],
  );

  const strip = (list: StepNode[]) => list.map((n) => ({ ...n, data: { ...n.data, status: undefined, problems: undefined } }));

  // Records a state in the undo history and tells Java the graph changed.
  const commit = useCallback(
    (next: Snapshot, tellJava = true) => {
      const h = history.current;
      h.stack = h.stack.slice(0, h.index + 1);
      h.stack.push({ nodes: strip(next.nodes), edges: next.edges });
      if (h.stack.length > 100) h.stack.shift();
      h.index = h.stack.length - 1;
      forceRender((x) => x + 1);
      changed(next.nodes, next.edges, tellJava);
    },
    [changed],
  );

  const apply = useCallback(
    (next: Snapshot, tellJava = true) => {
      setNodes(next.nodes);
      setEdges(next.edges);
      commit(next, tellJava);
    },
    [commit, setNodes, setEdges],
  );

  // A new model from Java (load, import, restore) replaces everything, undo history included.
  useEffect(() => {
    if (!model) return;
    const n = model.nodes.map((m) => toFlowNode(m, typeMap));
    const e = model.edges.map(toFlowEdge);
    setNodes(n);
    setEdges(e);
    history.current = { stack: [{ nodes: n, edges: e }], index: 0 };
    forceRender((x) => x + 1);
    if (model.unsaved) writeDraft(toModel(n, e));
    setTimeout(() => flow.fitView({ padding: 0.2, maxZoom: 1.2 }), 0);
  }, [model?.rev, typeMap]);

  // Changes made in the property panel (name, settings, ports).
  useEffect(() => {
    if (!patch) return;
    seenPatch.current = patch.seq;
    const byId = new Map(patch.nodes.map((p) => [p.id, p]));
    const next = state.current.nodes.map((n) => {
      const p = byId.get(n.id);
      if (!p) return n;
      return {
        ...n,
        data: {
          ...n.data,
          name: p.name ?? n.data.name,
          config: p.config ?? n.data.config,
          options: p.options === undefined ? n.data.options : p.options,
          disabled: p.disabled ?? n.data.disabled,
          ports: p.ports ?? n.data.ports,
        },
      };
    });
    apply({ nodes: next, edges: state.current.edges }, false);
  }, [patch?.seq]);

  useEffect(() => {
    if (!focus) return;
    const target = state.current.nodes.find((n) => n.id === focus.id);
    if (!target) return;
    setNodes(state.current.nodes.map((n) => ({ ...n, selected: n.id === focus.id })));
    flow.fitView({ nodes: [{ id: focus.id }], padding: 1.5, maxZoom: 1.2, duration: 200 });
    emitSelect(focus.id);
  }, [focus?.seq]);

  const shown = useMemo(
    () =>
      nodes.map((n) => {
        const status = statuses[n.id];
        const nodeProblems = problems[n.id];
        if (n.data.status === status && n.data.problems === nodeProblems) return n;
        return { ...n, data: { ...n.data, status, problems: nodeProblems } };
      }),
    [nodes, statuses, problems],
  );

  const addNode = useCallback(
    (t: NodeTypeInfo, position?: { x: number; y: number }) => {
      const current = state.current;
      const id = nextId(current.nodes)();
      let at = position;
      if (!at) {
        const box = wrapper.current?.querySelector('.react-flow')?.getBoundingClientRect();
        at = box
          ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 })
          : { x: 0, y: 0 };
        at = { x: at.x + (current.nodes.length % 5) * 20, y: at.y + (current.nodes.length % 5) * 20 };
      }
      const node = toFlowNode(
        { id, type: t.key, name: uniqueName(t.name, current.nodes), position: at, config: {}, options: null, disabled: false },
        typeMap,
      );
      node.selected = true;
      apply({ nodes: [...current.nodes.map((n) => ({ ...n, selected: false })), node], edges: current.edges });
      emitSelect(id);
    },
    [apply, flow, typeMap, emitSelect],
  );

  const isValidConnection = useCallback(
    (c: Connection | Edge) => {
      if (!c.source || !c.target || c.source === c.target) return false;
      const target = state.current.nodes.find((n) => n.id === c.target);
      if (!target || target.data.kind === 'trigger') return false;
      if (!(target.data.inputs ?? []).includes(c.targetHandle ?? 'in')) return false;
      return !state.current.edges.some(
        (e) =>
          e.source === c.source && e.target === c.target && (e.sourceHandle ?? 'out') === (c.sourceHandle ?? 'out') &&
          (e.targetHandle ?? 'in') === (c.targetHandle ?? 'in'),
      );
    },
    [],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (!isValidConnection(c)) return;
      const e: ModelEdge = { from: c.source, fromPort: c.sourceHandle ?? 'out', to: c.target, toInput: c.targetHandle ?? 'in' };
      apply({ nodes: state.current.nodes, edges: addEdge(toFlowEdge(e), state.current.edges) });
    },
    [apply, isValidConnection],
  );

  // Moves through the undo history by one state, back (-1) or forward (+1).
  const step = useCallback(
    (by: -1 | 1) => {
      const h = history.current;
      const index = h.index + by;
      if (index < 0 || index >= h.stack.length) return;
      h.index = index;
      const s = h.stack[index];
      setNodes(s.nodes);
      setEdges(s.edges);
      forceRender((x) => x + 1);
      changed(s.nodes, s.edges, true);
    },
    [changed, setNodes, setEdges],
  );
  const undo = useCallback(() => step(-1), [step]);
  const redo = useCallback(() => step(1), [step]);

  const copy = useCallback(() => {
    const picked = state.current.nodes.filter((n) => n.selected);
    if (!picked.length) return;
    const ids = new Set(picked.map((n) => n.id));
    clipboard.current = {
      nodes: picked,
      edges: state.current.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    };
  }, []);

  const paste = useCallback(() => {
    const clip = clipboard.current;
    if (!clip) return;
    const current = state.current;
    const next = nextId(current.nodes);
    const mapping = new Map<string, string>();
    let all = current.nodes.map((n) => ({ ...n, selected: false }));
    for (const n of clip.nodes) {
      const id = next();
      mapping.set(n.id, id);
      const copyNode: StepNode = {
        ...n,
        id,
        selected: true,
        position: { x: n.position.x + 40, y: n.position.y + 40 },
        data: { ...n.data, name: uniqueName(n.data.name, all), config: structuredClone(n.data.config) },
      };
      all = [...all, copyNode];
    }
    const newEdges = clip.edges.map((e) =>
      toFlowEdge({
        from: mapping.get(e.source)!,
        fromPort: e.sourceHandle ?? 'out',
        to: mapping.get(e.target)!,
        toInput: e.targetHandle ?? 'in',
      }),
    );
    apply({ nodes: all, edges: [...current.edges, ...newEdges] });
  }, [apply]);

  const removeSelected = useCallback(() => {
    const current = state.current;
    const gone = new Set(current.nodes.filter((n) => n.selected).map((n) => n.id));
    const nodesLeft = current.nodes.filter((n) => !gone.has(n.id));
    const edgesLeft = current.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
    if (nodesLeft.length === current.nodes.length && edgesLeft.length === current.edges.length) return;
    apply({ nodes: nodesLeft, edges: edgesLeft });
    emitSelect('');
  }, [apply, emitSelect]);

  const autoLayout = useCallback(() => {
    apply({ nodes: layered(state.current.nodes, state.current.edges), edges: state.current.edges });
    setTimeout(() => flow.fitView({ padding: 0.2, maxZoom: 1.2 }), 0);
  }, [apply, flow]);

  const onKeyDown = useCallback(
    (e: React.KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (readOnly || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA') return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'z' && !e.shiftKey) {
        e.preventDefault();
        undo();
      } else if (mod && (e.key.toLowerCase() === 'y' || (e.key.toLowerCase() === 'z' && e.shiftKey))) {
        e.preventDefault();
        redo();
      } else if (mod && e.key.toLowerCase() === 'c') {
        copy();
      } else if (mod && e.key.toLowerCase() === 'v') {
        e.preventDefault();
        paste();
      } else if (e.key === 'Delete' || e.key === 'Backspace') {
        e.preventDefault();
        removeSelected();
      }
    },
    [readOnly, undo, redo, copy, paste, removeSelected],
  );

  const h = history.current;
  return (
    <div className={'sb-canvas' + (readOnly ? ' sb-read-only' : '')} ref={wrapper} onKeyDown={onKeyDown}>
      {!readOnly && <Palette types={types} onAdd={(t) => addNode(t)} />}
      <div
        className="sb-flow"
        data-testid="canvas"
        onDragOver={(e) => {
          if (readOnly) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'move';
        }}
        onDrop={(e) => {
          if (readOnly) return;
          e.preventDefault();
          const key = e.dataTransfer.getData('application/x-switchboard-node');
          const t = typeMap.get(key);
          if (t) addNode(t, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
        }}
      >
        <ReactFlow<StepNode, Edge>
          nodes={shown}
          edges={edges}
          nodeTypes={NODE_TYPES}
          onNodesChange={(changes) =>
            onNodesChange(changes.filter((c) => c.type !== 'remove' && !(readOnly && c.type === 'position')))
          }
          onEdgesChange={(changes) => onEdgesChange(changes.filter((c) => c.type !== 'remove'))}
          onNodeDragStop={() => commit(state.current)}
          onConnect={onConnect}
          isValidConnection={isValidConnection}
          onSelectionChange={({ nodes: picked }) => emitSelect(picked.length === 1 ? picked[0].id : '')}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          deleteKeyCode={null}
          multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
          minZoom={0.1}
          onlyRenderVisibleElements
          proOptions={{ hideAttribution: true }}
          aria-label="Workflow canvas"
        >
          <Background />
          <MiniMap pannable zoomable ariaLabel="Overview of the workflow" />
          <Controls showInteractive={false} aria-label="Zoom controls" />
          {!readOnly && (
            <Panel position="top-right" className="sb-toolbar" aria-label="Canvas actions">
              <button type="button" onClick={undo} disabled={h.index <= 0} aria-label="Undo" title="Undo (Ctrl+Z)" data-testid="canvas-undo">
                ↶ Undo
              </button>
              <button type="button" onClick={redo} disabled={h.index >= h.stack.length - 1} aria-label="Redo" title="Redo (Ctrl+Y)" data-testid="canvas-redo">
                ↷ Redo
              </button>
              <button type="button" onClick={copy} aria-label="Copy the selected steps" title="Copy (Ctrl+C)">
                Copy
              </button>
              <button type="button" onClick={paste} aria-label="Paste the copied steps" title="Paste (Ctrl+V)">
                Paste
              </button>
              <button type="button" onClick={removeSelected} aria-label="Delete the selection" title="Delete (Del)" data-testid="canvas-delete">
                Delete
              </button>
              <button type="button" onClick={autoLayout} aria-label="Tidy up the layout" title="Arrange the steps left to right">
                Tidy up
              </button>
            </Panel>
          )}
        </ReactFlow>
      </div>
    </div>
  );
}

class FlowCanvasElement extends ReactAdapterElement {
  public async connectedCallback() {
    ensureStyle();
    await super.connectedCallback();
    this.style.display = 'block';
  }

  protected render(hooks: RenderHooks): React.ReactElement | null {
    const [model] = hooks.useState<Model | null>('model', null);
    const [types] = hooks.useState<NodeTypeInfo[]>('types', []);
    const [statuses] = hooks.useState<Record<string, string>>('statuses', {});
    const [problems] = hooks.useState<Record<string, string[]>>('problems', {});
    const [patch] = hooks.useState<Patch | null>('patch', null);
    const [focus] = hooks.useState<Focus | null>('focus', null);
    const [readOnly] = hooks.useState<boolean>('readOnly', false);
    const [draft] = hooks.useState<DraftTarget | null>('draft', null);
    const emitGraph = hooks.useCustomEvent<string>('graph-changed');
    const emitSelect = hooks.useCustomEvent<string>('node-selected');
    return (
      <ReactFlowProvider>
        <Canvas
          model={model}
          types={types ?? []}
          statuses={statuses ?? {}}
          problems={problems ?? {}}
          patch={patch}
          focus={focus}
          readOnly={!!readOnly}
          draft={draft ?? null}
          emitGraph={emitGraph}
          emitSelect={emitSelect}
        />
      </ReactFlowProvider>
    );
  }
}

customElements.define('flow-canvas', FlowCanvasElement);
