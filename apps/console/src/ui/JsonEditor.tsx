import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, defaultHighlightStyle, foldGutter, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { useEffect, useRef } from 'preact/hooks';

interface Props {
  readonly value: string;
  readonly onChange: (text: string) => void;
  /** id of the element that labels the editor. */
  readonly labelledBy: string;
  /** id of the element that describes it (e.g. the error list). */
  readonly describedBy?: string;
}

/** CodeMirror 6 for JSON; the text given in `value` replaces the content when it changes from outside. */
export function JsonEditor({ value, onChange, labelledBy, describedBy }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | undefined>(undefined);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    if (!host.current) return;
    const attributes: Record<string, string> = { 'aria-labelledby': labelledBy, 'aria-multiline': 'true' };
    if (describedBy) attributes['aria-describedby'] = describedBy;
    view.current = new EditorView({
      doc: value,
      parent: host.current,
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
          if (update.docChanged) changed.current(update.state.doc.toString());
        }),
      ],
    });
    return () => view.current?.destroy();
    // The editor is created once; later `value`s are pushed in below.
  }, []);

  useEffect(() => {
    const current = view.current;
    if (current && current.state.doc.toString() !== value) {
      current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: value } });
    }
  }, [value]);

  return <div class="json-editor" ref={host} />;
}
