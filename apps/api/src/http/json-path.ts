/**
 * A validation issue's location as a JSON path: `/instanceTypes/0/userData/` becomes
 * `.instanceTypes[0].userData[""]` (the empty last segment is an empty key).
 */
export function jsonPath(instancePath: string): string {
  if (instancePath === '' || instancePath === '/') return '';
  return instancePath
    .slice(1)
    .split('/')
    .map((segment) => {
      if (/^(0|[1-9][0-9]*)$/.test(segment)) return `[${segment}]`;
      if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) return `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}
