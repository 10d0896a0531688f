/**
 * The pure parts of the editor's stored schema (issue 12): which measurements the open documents
 * ask for (client/src/schemaNames.ts), the cache merged read after read and what the language
 * server is sent (schemaCache.ts), and the language status item's texts (schemaStatus.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredMeasurement } from '../../core/src/tools/bucketSchema';
import { EMPTY_CACHE, MAX_NAMED_MEASUREMENTS, mergeRead, planRead, schemaParams, storedMeasurements } from '../../client/src/schemaCache';
import { measurementOfLine, measurementsOfLines, measurementsOfText } from '../../client/src/schemaNames';
import { clockTime, problemName, schemaStatusTexts } from '../../client/src/schemaStatus';

const weather: StoredMeasurement = { name: 'weather', tags: ['location'], fields: [{ name: 'temp', types: ['float'] }] };
const cpu: StoredMeasurement = { name: 'cpu', tags: ['host'], fields: [{ name: 'usage', types: ['float', 'integer'] }] };

void describe('the measurements a document uses', () => {
  void it('takes the first token of each data line, ending at an unescaped comma or space', () => {
    const text = ['# a comment, not a measurement', 'weather,location=us temp=1 1', '', '  cpu usage=2', 'weather temp=3', 'mem\\ used,host=a free=1i'].join('\n');
    assert.deepEqual([...measurementsOfText(text, 'v1')].sort(), ['cpu', 'mem used', 'weather']);
  });

  void it('unescapes as the product does: 1.x also takes \\= and \\" in a measurement, InfluxDB 3 keeps them', () => {
    assert.equal(measurementOfLine('a\\,b\\ c,t=1 f=1', 'v1'), 'a,b c');
    assert.equal(measurementOfLine('ma\\=x f=1', 'v1'), 'ma=x');
    assert.equal(measurementOfLine('ma\\=x f=1', 'v2'), 'ma\\=x');
    assert.equal(measurementOfLine('ma\\\\x f=1', 'v3'), 'ma\\x');
  });

  void it('does not split a quoted field string that holds a line break into another data line', () => {
    const text = 'logs msg="first\nsecond line" 1\nweather temp=1 2\n';
    assert.deepEqual([...measurementsOfText(text, 'v1')].sort(), ['logs', 'weather']);
  });

  void it('reads edited lines alone, skipping blank and comment lines', () => {
    assert.deepEqual([...measurementsOfLines(['', '   # note', '\tcpu,host=a usage=1', 'disk free=1'], 'v3')].sort(), ['cpu', 'disk']);
    assert.deepEqual([...measurementsOfLines([',t=1 f=1', ' '], 'v1')], []);
  });
});

void describe('the schema cache of a connection and bucket', () => {
  void it('asks first for every measurement the documents use, then only for new ones', () => {
    assert.deepEqual(planRead(EMPTY_CACHE, new Set(['weather', 'cpu']), false), { measurements: ['cpu', 'weather'] });
    const cache = mergeRead(EMPTY_CACHE, { measurements: ['cpu', 'weather'] }, [weather], 1000);
    // cpu was asked and is not stored: not asked again when another document opens.
    assert.equal(planRead(cache, new Set(['weather', 'cpu']), false), null);
    assert.deepEqual(planRead(cache, new Set(['weather', 'cpu', 'disk']), false), { measurements: ['disk'] });
    // Refresh (or after a write): all of them again.
    assert.deepEqual(planRead(cache, new Set(['weather', 'cpu', 'disk']), true), { measurements: ['cpu', 'disk', 'weather'] });
    assert.equal(planRead(cache, new Set(), true), null);
  });

  void it('reads the whole bucket when the documents use more measurements than one request should name', () => {
    const many = new Set(Array.from({ length: MAX_NAMED_MEASUREMENTS + 1 }, (_, i) => `m${i}`));
    const ask = planRead(EMPTY_CACHE, many, false);
    assert.deepEqual(ask, { measurements: undefined });
    const cache = mergeRead(EMPTY_CACHE, { measurements: undefined }, [weather], 5000);
    assert.equal(cache.allReadAtMs, 5000);
    // The whole bucket is known: a measurement it does not hold is not asked for.
    assert.equal(planRead(cache, new Set(['elsewhere']), false), null);
  });

  void it('merges reads: the measurements asked are replaced (a dropped one goes), the others kept', () => {
    let cache = mergeRead(EMPTY_CACHE, { measurements: ['cpu', 'weather'] }, [weather, cpu], 1000);
    const hotter: StoredMeasurement = { ...weather, fields: [{ name: 'temp', types: ['integer'] }] };
    cache = mergeRead(cache, { measurements: ['weather', 'disk'] }, [hotter], 2000);
    assert.deepEqual(storedMeasurements(cache), [cpu, hotter]);
    cache = mergeRead(cache, { measurements: ['cpu'] }, [], 3000);
    assert.deepEqual(storedMeasurements(cache), [hotter]);
  });

  void it('sends every stored measurement known, with the time of the oldest read among them', () => {
    assert.equal(schemaParams(EMPTY_CACHE, "database 'e2e'"), null);
    let cache = mergeRead(EMPTY_CACHE, { measurements: ['cpu'] }, [cpu], 1000);
    cache = mergeRead(cache, { measurements: ['weather'] }, [weather], 2000);
    assert.deepEqual(schemaParams(cache, "database 'e2e'"), { where: "database 'e2e'", readAtMs: 1000, measurements: [cpu, weather] });
    assert.deepEqual(schemaParams(cache, "database 'e2e'", 'InfluxDB 3 Core'), { where: "database 'e2e'", readAtMs: 1000, measurements: [cpu, weather], storedBy: 'InfluxDB 3 Core' });
    // Read, and nothing stored: an empty schema is still news (nothing conflicts).
    assert.deepEqual(schemaParams(mergeRead(EMPTY_CACHE, { measurements: ['x'] }, [], 7), "bucket 'b'"), { where: "bucket 'b'", readAtMs: 7, measurements: [] });
  });
});

void describe('the stored schema in the language status item', () => {
  const at = new Date(2026, 11, 3, 14, 2, 30).getTime();
  const who = { connection: 'prod', bucket: 'sensors' };

  void it('says how many measurements were read and when, with Refresh', () => {
    assert.equal(clockTime(at), '14:02');
    assert.equal(clockTime(new Date(2026, 0, 1, 9, 5).getTime()), '09:05');
    const texts = schemaStatusTexts({ kind: 'read', ...who, where: "bucket 'sensors'", measurements: 14, readAtMs: at });
    assert.equal(texts.text, "Schema of 'sensors': 14 measurements, read 14:02");
    assert.match(texts.detail, /^The checks include what bucket 'sensors' of 'prod' stores/);
    assert.deepEqual([texts.warning, texts.action], [false, 'refresh']);
    assert.equal(schemaStatusTexts({ kind: 'read', ...who, where: "bucket 'sensors'", measurements: 1, readAtMs: at }).text, "Schema of 'sensors': 1 measurement, read 14:02");
  });

  void it('names why there is no schema, and what to do', () => {
    const refused = 'the server refused the credentials for reading (HTTP 403: {"error":"forbidden"}). They may write but not read.';
    const texts = schemaStatusTexts({ kind: 'failed', ...who, reason: refused, failure: 'permission' });
    assert.equal(texts.text, "Schema of 'sensors': the credentials may not read");
    assert.equal(schemaStatusTexts({ kind: 'failed', ...who, reason: 'the server did not accept the credentials (HTTP 401).', failure: 'credentials' }).text, "Schema of 'sensors': credentials not accepted");
    assert.equal(texts.detail, `The stored schema could not be read through 'prod': ${refused} The checks go on without it.`);
    assert.deepEqual([texts.warning, texts.action], [true, 'refresh']);
    assert.deepEqual(
      (['credentials', 'permission', 'mapping', 'database', 'unreachable', 'answer', 'cancelled', undefined] as const).map(problemName),
      ['credentials not accepted', 'the credentials may not read', 'no DBRP mapping', 'no such database', 'unreachable', 'unavailable', 'unavailable', 'unavailable'],
    );
    // A database not created yet stores nothing: said, not warned about.
    assert.equal(schemaStatusTexts({ kind: 'failed', ...who, reason: 'the database does not exist on the server.', failure: 'database' }).warning, false);
    assert.equal(schemaStatusTexts({ kind: 'failed', ...who, reason: 'no route', failure: 'unreachable' }).detail, "The stored schema could not be read through 'prod': no route. The checks go on without it.");

    const none = schemaStatusTexts({ kind: 'no-credentials', ...who });
    assert.equal(none.text, "Schema of 'sensors': no saved credentials");
    assert.match(none.detail, /InfluxDB: Set Token or Password…/);
    assert.equal(none.action, 'setToken');
    assert.deepEqual([schemaStatusTexts({ kind: 'off' }).text, schemaStatusTexts({ kind: 'off' }).action], ['Stored schema: off', 'settings']);
    assert.match(schemaStatusTexts({ kind: 'off' }).detail, /influxLineProtocol\.schema\.enabled/);
    assert.equal(schemaStatusTexts({ kind: 'untrusted' }).action, 'manageTrust');
    assert.equal(schemaStatusTexts({ kind: 'no-connection' }).action, 'selectConnection');
    assert.equal(schemaStatusTexts({ kind: 'reading', ...who }).text, "Schema of 'sensors': reading…");
  });
});
