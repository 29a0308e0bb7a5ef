import { ApiError, ApiUnreachableError } from '@spot-provisioner/api-client';
import { credentialsFromForm, sessionCredentialStore } from '../src/credentials';
import { errorWords } from '../src/error-words';
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
  it('says what a refusal means for the user, with every reason apart', () => {
    expect(errorWords(new ApiError(400, 'InputValidationError', 'invalid worker type:', ['a', 'b']))).toEqual({ message: 'invalid worker type:', reasons: ['a', 'b'] });
    expect(errorWords(new ApiError(401, 'AuthenticationFailed', 'Hawk: Bad mac')).message).toBe('Your credentials were not accepted: Hawk: Bad mac. Sign in again.');
    expect(errorWords(new ApiError(403, 'InsufficientScopes', 'client x lacks y')).message).toBe('You are not allowed to do this: client x lacks y.');
  });

  it('says when the API could not be reached, and a plain error as it is', () => {
    expect(errorWords(new ApiUnreachableError('http://127.0.0.1:5557', 'no answer within 30 s', true, 1)).message).toBe(
      'The API did not answer (no answer within 30 s): check that it is running.',
    );
    expect(errorWords(new ApiUnreachableError('http://127.0.0.1:5557', 'Failed to fetch', false, 3)).message).toBe(
      'The API could not be reached (Failed to fetch): check that it is running.',
    );
    expect(errorWords(new Error('The definition is not valid JSON.'))).toEqual({ message: 'The definition is not valid JSON.', reasons: [] });
  });
});
