// Template-field autocomplete (DataPicker.java): sits in a vaadin-text-area's helper slot with an
// "Insert data" button, and opens a list of the data earlier steps provide when the person types
// "{{" in the field (filtered by what follows) or presses the button. Choosing inserts
// "{{ path }}" (in an expression field, the bare path) at the cursor.

type Suggestion = { path: string; source: string; hint: string };

const STYLE = `
sb-data-picker { display: inline-flex; }
sb-data-picker > button { font: inherit; font-size: var(--lumo-font-size-xs, 12px); padding: 1px 8px; border: 1px solid var(--lumo-contrast-30pct, #b8bfcc);
  border-radius: 6px; background: white; color: var(--lumo-primary-text-color, #1565c0); cursor: pointer; }
sb-data-picker > button:focus-visible { outline: 2px solid #1565c0; outline-offset: 1px; }
.sb-data-popup { position: fixed; z-index: 10000; background: white; border: 1px solid #b8bfcc; border-radius: 8px;
  box-shadow: 0 6px 24px #0003; width: 320px; max-height: 280px; display: flex; flex-direction: column; font-family: var(--lumo-font-family, sans-serif); font-size: 13px; }
.sb-data-popup input { font: inherit; margin: 6px; padding: 4px 6px; border: 1px solid #b8bfcc; border-radius: 6px; }
.sb-data-list { overflow-y: auto; flex: 1; }
.sb-data-option { padding: 4px 8px; cursor: pointer; display: flex; flex-direction: column; gap: 1px; border-left: 3px solid transparent; }
.sb-data-option[aria-selected=true] { background: #e3eefb; border-left-color: #1565c0; }
.sb-data-path { font-family: var(--lumo-font-family-monospace, monospace); color: #111827; word-break: break-all; }
.sb-data-hint { font-size: 11px; color: #5b6472; }
.sb-data-empty { padding: 8px; color: #5b6472; }
`;

let counter = 0;

function ensureStyle() {
  if (!document.getElementById('sb-data-picker-style')) {
    const style = document.createElement('style');
    style.id = 'sb-data-picker-style';
    style.textContent = STYLE;
    document.head.appendChild(style);
  }
}

class DataPickerElement extends HTMLElement {
  suggestions: Suggestion[] = [];
  expression = false;

  private readonly uid = 'sb-data-' + ++counter;
  private button?: HTMLButtonElement;
  private popup?: HTMLDivElement;
  private list?: HTMLDivElement;
  private filter?: HTMLInputElement;
  private shown: Suggestion[] = [];
  private active = 0;
  // where the chosen path goes: from..to in the field's text (the typed "{{ query" or the cursor)
  private from = 0;
  private to = 0;
  private typed = false;
  private lastCaret = -1;

  private readonly onInput = () => this.checkTyped();
  private readonly onKeyDown = (e: KeyboardEvent) => this.keys(e, true);
  private readonly onBlur = () => {
    const field = this.field();
    if (field) this.lastCaret = field.selectionStart ?? field.value.length;
    setTimeout(() => {
      if (this.popup && !this.popup.contains(document.activeElement) && document.activeElement !== this.field()) this.close();
    }, 150);
  };

  connectedCallback() {
    ensureStyle();
    if (!this.button) {
      this.button = document.createElement('button');
      this.button.type = 'button';
      this.button.textContent = '{ } Insert data';
      this.button.setAttribute('aria-haspopup', 'listbox');
      this.button.setAttribute('data-testid', 'insert-data');
      // the field's label may be set after this element is attached
      this.button.addEventListener('focus', () => this.labelButton());
      this.button.addEventListener('click', (e) => {
        e.preventDefault();
        this.openFromButton();
      });
      this.appendChild(this.button);
    }
    const host = this.host();
    host?.addEventListener('input', this.onInput);
    host?.addEventListener('keydown', this.onKeyDown, true);
    host?.addEventListener('focusout', this.onBlur);
    this.labelButton();
  }

  disconnectedCallback() {
    const host = this.host();
    host?.removeEventListener('input', this.onInput);
    host?.removeEventListener('keydown', this.onKeyDown, true);
    host?.removeEventListener('focusout', this.onBlur);
    this.close();
  }

  private host(): HTMLElement | null {
    return this.closest('vaadin-text-area, vaadin-text-field');
  }

  private field(): HTMLTextAreaElement | HTMLInputElement | null {
    return this.host()?.querySelector(':scope > textarea, :scope > input') ?? null;
  }

  private fieldLabel(): string {
    return (this.host() as unknown as { label?: string })?.label ?? 'this field';
  }

  private labelButton() {
    this.button?.setAttribute('aria-label', `Insert data from earlier steps into ${this.fieldLabel()}`);
  }

  /** Opens (or updates, or closes) the list when the text before the cursor has an unclosed "{{". */
  private checkTyped() {
    const field = this.field();
    if (!field || document.activeElement !== field) return;
    const caret = field.selectionStart ?? field.value.length;
    const before = field.value.slice(0, caret);
    const open = before.lastIndexOf('{{');
    if (open < 0 || before.indexOf('}}', open) >= 0 || before.slice(open + 2).includes('\n')) {
      if (this.typed) this.close();
      return;
    }
    this.typed = true;
    this.from = open;
    this.to = caret;
    this.open(before.slice(open + 2).trim(), false);
  }

  private openFromButton() {
    const field = this.field();
    if (!field) return;
    const caret = this.lastCaret >= 0 ? Math.min(this.lastCaret, field.value.length) : field.value.length;
    // A list opened by typing "{{" has no filter and closes when the field loses focus: start afresh.
    this.close();
    this.typed = false;
    this.from = caret;
    this.to = caret;
    this.open('', true);
  }

  private open(query: string, withFilter: boolean) {
    if (!this.popup) {
      this.popup = document.createElement('div');
      this.popup.className = 'sb-data-popup';
      this.popup.setAttribute('data-testid', 'data-suggestions');
      if (withFilter) {
        this.filter = document.createElement('input');
        this.filter.type = 'search';
        this.filter.placeholder = 'Filter';
        this.filter.setAttribute('aria-label', 'Filter the data');
        this.filter.setAttribute('role', 'combobox');
        this.filter.setAttribute('aria-autocomplete', 'list');
        this.filter.setAttribute('aria-controls', this.uid + '-list');
        this.filter.setAttribute('aria-expanded', 'true');
        this.filter.addEventListener('input', () => this.render(this.filter!.value.trim()));
        this.filter.addEventListener('keydown', (e) => this.keys(e, false));
        this.filter.addEventListener('blur', () => setTimeout(() => {
          if (this.popup && !this.popup.contains(document.activeElement)) this.close();
        }, 150));
        this.popup.appendChild(this.filter);
      }
      this.list = document.createElement('div');
      this.list.className = 'sb-data-list';
      this.list.id = this.uid + '-list';
      this.list.setAttribute('role', 'listbox');
      this.list.setAttribute('aria-label', `Data from earlier steps for ${this.fieldLabel()}`);
      this.popup.appendChild(this.list);
      document.body.appendChild(this.popup);
      const field = this.field();
      if (field && !withFilter) {
        field.setAttribute('aria-autocomplete', 'list');
        field.setAttribute('aria-controls', this.list.id);
      }
      this.button?.setAttribute('aria-expanded', 'true');
    }
    this.place();
    this.render(query);
    // after the click that opened it has finished moving focus
    if (withFilter) setTimeout(() => this.filter?.focus(), 0);
  }

  private place() {
    const box = (this.host() ?? this).getBoundingClientRect();
    const popup = this.popup!;
    const below = window.innerHeight - box.bottom;
    popup.style.left = Math.max(4, Math.min(box.left, window.innerWidth - 328)) + 'px';
    if (below < 200 && box.top > below) {
      popup.style.top = '';
      popup.style.bottom = window.innerHeight - box.top + 2 + 'px';
    } else {
      popup.style.bottom = '';
      popup.style.top = box.bottom + 2 + 'px';
    }
  }

  private render(query: string) {
    const q = query.toLowerCase();
    const all = this.suggestions ?? [];
    const starts = all.filter((s) => s.path.toLowerCase().startsWith(q));
    const contains = all.filter((s) => !s.path.toLowerCase().startsWith(q) &&
      (s.path.toLowerCase().includes(q) || s.source.toLowerCase().includes(q) || s.hint.toLowerCase().includes(q)));
    this.shown = [...starts, ...contains].slice(0, 80);
    this.active = 0;
    const list = this.list!;
    list.replaceChildren();
    if (this.shown.length === 0) {
      const empty = document.createElement('div');
      empty.className = 'sb-data-empty';
      empty.textContent = all.length === 0 ? 'No data from earlier steps: connect this step after another one.'
        : `Nothing matches “${query}”.`;
      list.appendChild(empty);
    }
    this.shown.forEach((s, i) => {
      const option = document.createElement('div');
      option.className = 'sb-data-option';
      option.id = `${this.uid}-o${i}`;
      option.setAttribute('role', 'option');
      option.setAttribute('data-path', s.path);
      option.setAttribute('aria-label', s.path + (s.hint ? ', ' + s.hint : '') + ', from ' + s.source);
      const path = document.createElement('span');
      path.className = 'sb-data-path';
      path.textContent = s.path;
      const hint = document.createElement('span');
      hint.className = 'sb-data-hint';
      hint.textContent = s.source + (s.hint ? ' · ' + s.hint : '');
      option.append(path, hint);
      option.addEventListener('mousedown', (e) => e.preventDefault());
      option.addEventListener('click', () => this.choose(i));
      list.appendChild(option);
    });
    this.highlight();
  }

  private highlight() {
    this.list?.querySelectorAll('[role=option]').forEach((o, i) => o.setAttribute('aria-selected', String(i === this.active)));
    const id = this.shown.length ? `${this.uid}-o${this.active}` : '';
    const owner = this.filter ?? this.field();
    if (id) {
      owner?.setAttribute('aria-activedescendant', id);
      this.list?.querySelector('#' + id)?.scrollIntoView({ block: 'nearest' });
    } else {
      owner?.removeAttribute('aria-activedescendant');
    }
  }

  private keys(e: KeyboardEvent, fromField: boolean) {
    if (!this.popup || (fromField && !this.typed)) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      e.stopPropagation();
      if (this.shown.length) {
        this.active = (this.active + (e.key === 'ArrowDown' ? 1 : this.shown.length - 1)) % this.shown.length;
        this.highlight();
      }
    } else if ((e.key === 'Enter' || e.key === 'Tab') && this.shown.length) {
      e.preventDefault();
      e.stopPropagation();
      this.choose(this.active);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.close();
      this.field()?.focus();
    }
  }

  private choose(index: number) {
    const picked = this.shown[index];
    const field = this.field();
    if (!picked || !field) return;
    let end = this.to;
    const after = field.value.slice(end);
    const closing = /^\s*}}/.exec(after);
    if (this.typed && closing) end += closing[0].length;
    const text = this.expression ? picked.path : `{{ ${picked.path} }}`;
    field.value = field.value.slice(0, this.from) + text + field.value.slice(end);
    const caret = this.from + text.length;
    this.close();
    field.focus();
    field.setSelectionRange(caret, caret);
    this.lastCaret = caret;
    field.dispatchEvent(new Event('input', { bubbles: true }));
    field.dispatchEvent(new Event('change', { bubbles: true }));
  }

  private close() {
    this.popup?.remove();
    this.popup = undefined;
    this.list = undefined;
    this.filter = undefined;
    this.typed = false;
    const field = this.field();
    field?.removeAttribute('aria-activedescendant');
    this.button?.setAttribute('aria-expanded', 'false');
  }
}

if (!customElements.get('sb-data-picker')) {
  customElements.define('sb-data-picker', DataPickerElement);
}
