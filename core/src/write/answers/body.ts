/** Reading an error answer: JSON whatever the Content-Type says, else text (HTML reduced to its words). */

/** The parsed JSON body, or undefined when the body is not JSON. */
export function parseJson(body: string): unknown {
  const trimmed = body.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MAX_SUMMARY = 500;

/** Text of an HTML page or plain body, on one line, cut to a readable length. */
export function summarize(body: string): string {
  let text = body;
  if (/<[a-z!/][^>]*>/i.test(text)) {
    text = text
      .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  }
  text = text.replace(/\s+/g, ' ').trim();
  if (text.length <= MAX_SUMMARY) return text;
  // Cut between words, never inside one.
  const space = text.lastIndexOf(' ', MAX_SUMMARY);
  return `${text.slice(0, space > MAX_SUMMARY / 2 ? space : MAX_SUMMARY)} …`;
}

/**
 * The error message of an answer: `message` (Cloud, 2.x), `error` (1.x, InfluxDB 3), else the
 * 1.x `X-Influxdb-Error` header, else the body's text.
 */
export function errorMessage(body: string, headerError?: string | null): string {
  return messageOf(body, parseJson(body), headerError);
}

function messageOf(body: string, json: unknown, headerError: string | null | undefined): string {
  if (isRecord(json)) {
    for (const key of ['message', 'error', 'msg']) {
      const value = json[key];
      if (typeof value === 'string' && value !== '') return value;
    }
  }
  if (headerError) return headerError;
  return body.trim() === '' ? '' : summarize(body);
}

/** An error answer read once: its body, the body's JSON (undefined when not JSON) and its message. */
export interface AnswerText {
  readonly body: string;
  readonly json: unknown;
  /** `errorMessage` of the answer. */
  readonly message: string;
}

export function readAnswer(body: string, headerError?: string | null): AnswerText {
  const json = parseJson(body);
  return { body, json, message: messageOf(body, json, headerError) };
}
