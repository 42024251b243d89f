import { describe, expect, it } from 'vitest';
import { graphqlHeaders } from './transport';

describe('GraphQL request headers', () => {
  it('carry X-CSRF on every request, so a cookie-carrying upload is not taken for a cross-site form', () => {
    const multipart = graphqlHeaders({ 'Content-Type': 'multipart/form-data; boundary=x' }, 'tok');
    expect(multipart.get('X-CSRF')).toBe('1');
    expect(multipart.get('Content-Type')).toBe('multipart/form-data; boundary=x');
    expect(multipart.get('Authorization')).toBe('Bearer tok');
    const anonymous = graphqlHeaders(undefined, null);
    expect(anonymous.get('X-CSRF')).toBe('1');
    expect(anonymous.get('Content-Type')).toBe('application/json');
    expect(anonymous.has('Authorization')).toBe(false);
  });
});
