// @vitest-environment happy-dom
// Errors read as sentences: one mapping from code + the console's words, used by every ErrorMessage.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { ErrorMessage } from '../../renderer/components/ErrorMessage';
import { describeError } from '../../renderer/state/errorText';

afterEach(cleanup);

const RAW_CODE = /\b(invalid_args|not_connected|too_large|not_found|redis_error|internal|unknown_method|rate_limited)\b/;

describe('describeError', () => {
  it('names the field and the limit of a refused argument, without the method or the code', () => {
    expect(describeError({ code: 'invalid_args', message: 'publish.event: json: must be at most 1 MB' })).toBe(
      'The payload must be at most 1 MB.',
    );
    expect(
      describeError({
        code: 'invalid_args',
        message: 'instances.join: group: must not be empty; mode.concurrency: Too small: expected number to be >=1',
      }),
    ).toBe('The group must not be empty. Concurrency: Too small: expected number to be >=1.');
    expect(describeError({ code: 'invalid_args', message: 'json: not valid JSON (Unexpected token } in JSON)' })).toBe(
      'The payload is not valid JSON (Unexpected token } in JSON).',
    );
  });

  it('says a read-only connection refused a write, and how to make changes', () => {
    expect(
      describeError({
        code: 'read_only',
        message: "prune.run writes to Redis, and this connection is read-only: change the connection's profile to allow writes",
      }),
    ).toBe(
      'This is a read-only connection, so the console does not change anything on this Redis (prune.run was refused). To make changes, connect with a profile that allows writes.',
    );
  });

  it('says Redis is away, why, and what to do', () => {
    const text = describeError({
      code: 'not_connected',
      message: 'Redis is not connected (reconnecting: connect ECONNREFUSED 127.0.0.1:7777)',
    });
    expect(text).toBe(
      'Redis is not connected (reconnecting: connect ECONNREFUSED 127.0.0.1:7777). The console keeps trying; try again once the bar at the top says ready.',
    );
    expect(describeError({ code: 'not_connected', message: 'Redis is reconnecting' })).toMatch(
      /^Redis is not connected: Redis is reconnecting\. /,
    );
  });

  it('turns a transport size refusal into sizes a person reads', () => {
    expect(describeError({ code: 'too_large', message: 'message of 2500000 bytes is over the limit of 2097152 bytes' })).toBe(
      'This request is 2.5 MB, over the 2.1 MB the connection to the console carries at once. Send a smaller payload.',
    );
  });

  it('keeps Redis’s own words for what Redis refused', () => {
    expect(describeError({ code: 'redis_error', message: 'WRONGTYPE Operation against a key holding the wrong kind of value' })).toBe(
      'Redis refused the command: WRONGTYPE Operation against a key holding the wrong kind of value',
    );
    expect(describeError({ code: 'conflict', message: 'BUSYGROUP Consumer Group name already exists' })).toBe(
      'A group with that name already exists (Redis: BUSYGROUP Consumer Group name already exists).',
    );
    expect(describeError({ code: 'not_found', message: 'no group billing on orders' })).toBe(
      'No group billing on orders. It may have been deleted; refresh and try again.',
    );
  });

  it('never shows a bare code for any error code', () => {
    for (const code of [
      'invalid_args',
      'not_connected',
      'too_large',
      'not_found',
      'conflict',
      'redis_error',
      'forbidden',
      'rate_limited',
      'unknown_method',
      'internal',
    ] as const) {
      expect(describeError({ code, message: 'something happened' })).not.toMatch(RAW_CODE);
    }
  });
});

describe('ErrorMessage', () => {
  it('shows the sentence after its context and keeps the code for a bug report in the tooltip', () => {
    render(<ErrorMessage error={{ code: 'invalid_args', message: 'publish.event: json: must be at most 1 MB' }} context="Send" />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('Send: The payload must be at most 1 MB.');
    expect(alert.getAttribute('title')).toBe('invalid_args: publish.event: json: must be at most 1 MB');
  });
});
