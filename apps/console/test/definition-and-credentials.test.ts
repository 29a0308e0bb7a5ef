import { errorFromBody } from '../src/api/client';
import { credentialsFromForm, sessionCredentialStore } from '../src/api/credentials';
import { DEFINITION_TEMPLATE, definitionOf, nameProblem, parseDefinition, toEditorText } from '../src/definition';

/** sessionStorage's interface over a Map, as the browser's behaves for these calls. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

describe('the definition editor text', () => {
  it('round-trips the template and drops the keys the API adds', () => {
    const parsed = parseDefinition(toEditorText(DEFINITION_TEMPLATE));
    expect(parsed).toEqual({ ok: true, definition: DEFINITION_TEMPLATE });
    expect(definitionOf({ ...DEFINITION_TEMPLATE, workerType: 'x', lastModified: '2026-11-22T12:00:00.000Z' } as never)).toEqual(DEFINITION_TEMPLATE);
  });

  it('reports JSON syntax errors and non-objects in words', () => {
    const bad = parseDefinition('{"maxCapacity": }');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/^The definition is not valid JSON: /);
    expect(parseDefinition('[1]')).toEqual({ ok: false, message: 'The definition must be a JSON object.' });
  });

  it('checks names as the API does', () => {
    expect(nameProblem('')).toBe('Enter a name.');
    expect(nameProblem('has space')).toMatch(/1 to 38/);
    expect(nameProblem('x'.repeat(39))).toMatch(/1 to 38/);
    expect(nameProblem('ok_name-1')).toBeUndefined();
  });
});

describe('credentials', () => {
  it('are kept in, and cleared from, session storage', () => {
    const storage = new MemoryStorage();
    const store = sessionCredentialStore(storage);
    expect(store.load()).toBeUndefined();
    store.save({ clientId: 'root', accessToken: 'tok' });
    expect(store.load()).toEqual({ clientId: 'root', accessToken: 'tok' });
    store.clear();
    expect(storage.length).toBe(0);
    storage.setItem('spot-provisioner.credentials', '{broken');
    expect(store.load()).toBeUndefined();
  });

  it('come from the form, with an optional JSON certificate', () => {
    expect(credentialsFromForm(' root ', ' tok ', '')).toEqual({ clientId: 'root', accessToken: 'tok' });
    expect(credentialsFromForm('', 'tok', '')).toBe('Enter a client id.');
    expect(credentialsFromForm('c', '', '')).toBe('Enter an access token.');
    expect(credentialsFromForm('c', 't', '{"version":1}')).toEqual({ clientId: 'c', accessToken: 't', certificate: { version: 1 } });
    expect(credentialsFromForm('c', 't', 'nope')).toBe('The certificate is not valid JSON.');
    expect(credentialsFromForm('c', 't', '3')).toBe('The certificate must be a JSON object.');
  });
});

describe('API errors in words', () => {
  it('keeps the first line of a validation message and every reason apart', () => {
    const error = errorFromBody(400, { code: 'InputValidationError', message: 'invalid worker type:\n- a\n- b', reasons: ['a', 'b'] });
    expect(error).toMatchObject({ status: 400, code: 'InputValidationError', message: 'invalid worker type:', reasons: ['a', 'b'] });
  });

  it('turns a body without {code, message} into a sentence with the status', () => {
    expect(errorFromBody(502, undefined)).toMatchObject({ code: 'HTTP502', message: 'the API answered HTTP 502', reasons: [] });
  });
});
