import { createLogger } from './logger';

function capture(): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return {
    lines,
    log: createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } }),
  };
}

test.each([
  ['an ID number at the top', { idNumber: '11010519491231002X' }],
  ['an ID number one level down', { body: { idNumber: '11010519491231002X' } }],
  ['an ID number two levels down', { req: { body: { idNumber: '11010519491231002X' } } }],
  ['a snake_case id_number', { row: { id_number: '11010519491231002X' } }],
  ['a session_key', { answer: { session_key: 'c2Vzc2lvbi1rZXktMTIzNA==' } }],
  ['an access_token', { answer: { access_token: 'ACCESS-TOKEN-VALUE' } }],
])('%s is redacted from log lines', (_where, payload) => {
  const { lines, log } = capture();
  log.info(payload, 'something happened');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('[redacted]');
  expect(lines[0]).not.toMatch(/11010519491231002X|c2Vzc2lvbi1rZXktMTIzNA==|ACCESS-TOKEN-VALUE/);
});
