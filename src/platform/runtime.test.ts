import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { unsupportedNode } from './runtime.ts';

describe('the runtime', () => {
  test('is Node.js 24 or newer here, as npm brings it', () => {
    assert.equal(unsupportedNode(process.version), null);
  });

  test('an older Node.js is refused with a message that says what to do', () => {
    assert.match(unsupportedNode('v20.20.2') ?? '', /needs Node\.js 24 or newer, and this is Node\.js v20\.20\.2\. Run it through npm/);
    assert.equal(unsupportedNode('v24.0.0'), null);
    assert.equal(unsupportedNode('v26.1.0'), null);
  });
});
