/**
 * CodeMirror 6 set up for JSON. Loaded on demand (dynamic import) so the overview does not
 * download the editor: it is most of the console's weight.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, defaultHighlightStyle, foldGutter, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';

export interface JsonEditorHandle {
  text(): string;
  replace(text: string): void;
  destroy(): void;
}

export function createJsonEditor(parent: HTMLElement, doc: string, attributes: Record<string, string>, onChange: (text: string) => void): JsonEditorHandle {
  const view = new EditorView({
    doc,
    parent,
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightActiveLine(),
      foldGutter(),
      history(),
      indentOnInput(),
      bracketMatching(),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      // Tab indents; Escape then Tab leaves the editor (CodeMirror's documented escape hatch).
      keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
      json(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of(attributes),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange(update.state.doc.toString());
      }),
    ],
  });
  return {
    text: () => view.state.doc.toString(),
    replace: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    destroy: () => view.destroy(),
  };
}
