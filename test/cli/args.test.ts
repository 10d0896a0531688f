/** Argument parsing, target and format choice, and the record formats: the pieces under every command. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UsageError, parseArgs } from '../../cli/src/args';
import { checkerSettings, parseSizeLimit } from '../../cli/src/checkSettings';
import { createFormatter, type CliDiagnostic } from '../../cli/src/diagnostics';
import { formatFloat, formatParseRecord } from '../../cli/src/jsonLines';
import { chooseTarget } from '../../cli/src/targets';

const SPECS = [
  { name: 'json', takesValue: false },
  { name: 'target', takesValue: true },
  { name: 'help', takesValue: false, short: 'h' },
] as const;

void describe('parseArgs', () => {
  void test('takes values in both spellings, flags, stdin and positionals in order', () => {
    const parsed = parseArgs('lp x', ['--json', '--target', 'v2', 'a.lp', '-', '--target=v1', 'b.lp'], SPECS);
    assert.deepEqual([...parsed.options], [['json', true], ['target', 'v1']]);
    assert.deepEqual(parsed.positionals, ['a.lp', '-', 'b.lp']);
  });

  void test('-- ends the options, so a file may start with a dash', () => {
    const parsed = parseArgs('lp x', ['--', '--json', '-h'], SPECS);
    assert.deepEqual(parsed.positionals, ['--json', '-h']);
    assert.equal(parsed.options.size, 0);
  });

  void test('short alias', () => {
    assert.equal(parseArgs('lp x', ['-h'], SPECS).options.get('help'), true);
  });

  void test('usage errors say what and what to do', () => {
    assert.throws(() => parseArgs('lp x', ['--jsn'], SPECS), {
      name: 'UsageError',
      message: "lp x: unknown option '--jsn'. Run 'lp x --help' to see its options.",
    });
    assert.throws(() => parseArgs('lp x', ['-q'], SPECS), { message: /unknown option '-q'/ });
    assert.throws(() => parseArgs('lp x', ['--target'], SPECS), {
      message: "lp x: option '--target' needs a value, e.g. '--target <value>'. Run 'lp x --help' to see its options.",
    });
    assert.throws(() => parseArgs('lp x', ['--target='], SPECS), { message: /needs a value/ });
    assert.throws(() => parseArgs('lp x', ['--json=yes'], SPECS), { message: "lp x: option '--json' takes no value (got '--json=yes'). Run 'lp x --help' to see its options." });
  });
});

void describe('chooseTarget', () => {
  void test('a product brings its parser and string limit', () => {
    assert.deepEqual(chooseTarget('lp c', 'core', {}).parse, { target: 'v3', stringLimit: 1048576 });
    assert.deepEqual(chooseTarget('lp c', 'cloud-serverless', {}).parse, { target: 'v3', stringLimit: 65536 });
    assert.deepEqual(chooseTarget('lp c', 'oss-v2', {}).parse, { target: 'v2', stringLimit: undefined });
    assert.equal(chooseTarget('lp c', 'v1', {}).profile?.id, 'v1');
  });

  void test('a bare parser target has no product profile', () => {
    const choice = chooseTarget('lp c', 'v2', {});
    assert.deepEqual(choice.parse, { target: 'v2' });
    assert.equal(choice.profile, undefined);
  });

  void test('--target wins over LP_TARGET, which wins over the default v3', () => {
    assert.equal(chooseTarget('lp c', 'v1', { LP_TARGET: 'v2' }).name, 'v1');
    assert.equal(chooseTarget('lp c', undefined, { LP_TARGET: 'v2' }).name, 'v2');
    assert.equal(chooseTarget('lp c', undefined, {}).name, 'v3');
  });

  void test('an unknown target names where it came from and the choices', () => {
    assert.throws(() => chooseTarget('lp c', 'v4', {}), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.equal(
        e.message,
        "lp c: unknown target 'v4' (from --target). Use one of: cloud-serverless, cloud-dedicated, clustered, core, enterprise, influxdb3-cloud, oss-v2, v1, v3, v2.",
      );
      return true;
    });
    assert.throws(() => chooseTarget('lp c', undefined, { LP_TARGET: 'cloud' }), {
      message: /unknown target 'cloud' \(from the LP_TARGET environment variable\)/,
    });
  });
});

void describe('parse records', () => {
  void test('floats: shortest round trip, -0, infinities', () => {
    assert.deepEqual([1.5, -0, 0, Infinity, -Infinity, 1e21, 1.5e-7, 0.1 + 0.2].map(formatFloat), [
      '1.5', '-0', '0', 'Infinity', '-Infinity', '1e+21', '1.5e-7', '0.30000000000000004',
    ]);
  });

  void test('an ok line keeps key order, every value type and escapes JSON strings', () => {
    const token = <T>(value: T) => ({ value, start: 0, end: 0 });
    const record = formatParseRecord(3, 2, {
      ok: true,
      point: {
        measurement: token('m "x"'),
        tags: [{ key: token('k'), value: token('a\nb') }],
        fields: [
          { key: token('f'), valueSpan: { start: 0, end: 0 }, value: { type: 'float', value: -0 } },
          { key: token('i'), valueSpan: { start: 0, end: 0 }, value: { type: 'integer', value: -9223372036854775808n } },
          { key: token('u'), valueSpan: { start: 0, end: 0 }, value: { type: 'uinteger', value: 18446744073709551615n } },
          { key: token('s'), valueSpan: { start: 0, end: 0 }, value: { type: 'string', value: 'say "hi" \\' } },
          { key: token('b'), valueSpan: { start: 0, end: 0 }, value: { type: 'boolean', value: false } },
        ],
        timestamp: token(-5n),
      },
    }, 0);
    assert.equal(
      record,
      '{"line":3,"dataLine":2,"ok":true,"measurement":"m \\"x\\"","tags":[["k","a\\nb"]],' +
        '"fields":[["f",{"type":"float","value":"-0"}],["i",{"type":"integer","value":"-9223372036854775808"}],' +
        '["u",{"type":"uinteger","value":"18446744073709551615"}],["s",{"type":"string","value":"say \\"hi\\" \\\\"}],' +
        '["b",{"type":"boolean","value":false}]],"timestamp":"-5"}',
    );
    assert.doesNotThrow(() => JSON.parse(record));
  });

  void test('a failed line carries kind, message and column', () => {
    const record = formatParseRecord(9, 4, { ok: false, error: { kind: 'FieldSetMissing', message: 'No fields were provided', offset: 10, end: 10 } }, 5);
    assert.equal(record, '{"line":9,"dataLine":4,"ok":false,"error":{"kind":"FieldSetMissing","message":"No fields were provided","column":5}}');
  });
});

void describe('diagnostic formats', () => {
  const d: CliDiagnostic = {
    file: 'dir,x/a:b.lp',
    line: 2,
    column: 7,
    endLine: 2,
    endColumn: 9,
    dataLine: 1,
    severity: 'error',
    code: 'CannotParseEntireLine',
    message: 'Found 100% trailing\ncontent',
    related: [],
  };

  void test('text', () => {
    const f = createFormatter('text');
    assert.equal(f.begin() + f.item(d) + f.end(), 'dir,x/a:b.lp:2:7: error CannotParseEntireLine: Found 100% trailing\ncontent\n');
  });

  void test('json is one array, also when empty', () => {
    const f = createFormatter('json');
    const text = f.begin() + f.item(d) + f.item({ ...d, line: 3 }) + f.end();
    const parsed = JSON.parse(text) as CliDiagnostic[];
    assert.deepEqual(parsed, [d, { ...d, line: 3 }]);
    const empty = createFormatter('json');
    assert.equal(empty.begin() + empty.end(), '[]\n');
  });

  void test('github escapes properties and data', () => {
    const f = createFormatter('github');
    assert.equal(f.item(d), '::error file=dir%2Cx/a%3Ab.lp,line=2,col=7::CannotParseEntireLine: Found 100%25 trailing%0Acontent\n');
  });
});

void describe('lp check settings', () => {
  void test('v3 and v2 stand for the product that runs that parser with its limits; a product for itself', () => {
    assert.equal(chooseTarget('lp c', 'v3', {}).rules, 'cloud-serverless');
    assert.equal(chooseTarget('lp c', 'v2', {}).rules, 'oss-v2');
    assert.equal(chooseTarget('lp c', 'v1', {}).rules, 'v1');
    assert.equal(chooseTarget('lp c', 'core', {}).rules, 'core');
    // Same parser options as the product whose rules apply, so the check sees the lines lp parse sees.
    for (const alias of ['v3', 'v2']) {
      const choice = chooseTarget('lp c', alias, {});
      const product = chooseTarget('lp c', choice.rules, {});
      assert.equal(choice.parse.target, product.parse.target);
    }
  });

  void test('options become the editor settings: precision, retention and shard group in nanoseconds, no cap', () => {
    const s = checkerSettings('lp c', chooseTarget('lp c', 'v1', {}), { precision: 'ms', retention: '1h30m', shardGroup: '1d' });
    assert.deepEqual([s.product, s.precision, s.retentionNs, s.shardGroupNs], ['v1', 'ms', 5_400_000_000_000n, 86_400_000_000_000n]);
    assert.equal(s.maxDiagnostics, Number.MAX_SAFE_INTEGER);
    const d = checkerSettings('lp c', chooseTarget('lp c', undefined, {}), { precision: undefined, retention: undefined, shardGroup: undefined });
    assert.deepEqual([d.product, d.precision, d.retentionNs, d.shardGroupNs], ['cloud-serverless', 'ns', undefined, 7n * 86_400_000_000_000n]);
    assert.equal(checkerSettings('lp c', chooseTarget('lp c', 'v1', {}), { precision: 's', retention: 'inf', shardGroup: undefined }).retentionNs, undefined);
  });

  void test('sizes: plain characters or K, M, G as powers of 1024', () => {
    const sizes: [string, number][] = [['0', 0], ['1000', 1000], ['512K', 524288], ['64M', 67108864], ['64MiB', 67108864], ['1g', 1073741824], ['2KB', 2048]];
    for (const [text, value] of sizes) assert.equal(parseSizeLimit('lp c', text), value, text);
    assert.equal(parseSizeLimit('lp c', undefined), 64 * 1024 * 1024);
    for (const bad of ['1.5M', '-1', 'M', '64T']) assert.throws(() => parseSizeLimit('lp c', bad), UsageError, bad);
  });
});
