import { describe, expect, it } from 'vitest';
import {
  extractReplyText,
  MAX_INPUT_CHARS,
  MAX_LINE_CHARS,
  MAX_REPLY_CHARS,
  parseReply,
} from '../../src/reflections/reply-text.ts';
import { replyCorpus } from '../fixtures/replies/corpus.ts';

describe('extractReplyText on the reply corpus', () => {
  it('has a realistic corpus of at least 18 replies with unique names', () => {
    expect(replyCorpus.length).toBeGreaterThanOrEqual(18);
    expect(new Set(replyCorpus.map((reply) => reply.name)).size).toBe(replyCorpus.length);
  });

  it.each(replyCorpus)('$name', ({ text, html, expected }) => {
    expect(extractReplyText({ text, html })).toBe(expected);
  });

  const withHtml = replyCorpus.filter((reply) => reply.html !== undefined);
  it.each(withHtml)('$name: the HTML part alone gives the same text', ({ html, expected }) => {
    expect(extractReplyText({ html })).toBe(expected);
    expect(extractReplyText({ text: ' \r\n', html })).toBe(expected);
  });

  const withText = replyCorpus.filter((reply) => reply.text !== undefined);
  it.each(withText)('$name: with CRLF line endings', ({ text, expected }) => {
    expect(extractReplyText({ text: text?.replace(/\n/g, '\r\n') })).toBe(expected);
  });

  it.each(replyCorpus.filter((reply) => reply.expected !== ''))(
    '$name: the expected text, sent on its own, is kept as it is',
    ({ expected }) => {
      expect(extractReplyText({ text: expected })).toBe(expected);
    },
  );
});

describe('extractReplyText edge inputs', () => {
  it('returns an empty string for empty, null and missing parts', () => {
    expect(extractReplyText({})).toBe('');
    expect(extractReplyText({ text: null, html: null })).toBe('');
    expect(extractReplyText({ text: '', html: '' })).toBe('');
    expect(
      extractReplyText({ html: '<html><head><title>x</title></head><body></body></html>' }),
    ).toBe('');
  });

  it('returns an empty string for whitespace only', () => {
    expect(extractReplyText({ text: ' \t\r\n\r\n  \n' })).toBe('');
    expect(extractReplyText({ html: '<div>&nbsp;</div><div><br></div><p> </p>' })).toBe('');
  });

  it('uses the HTML part only when the text part is blank', () => {
    expect(extractReplyText({ text: 'From the text part.', html: '<p>From HTML.</p>' })).toBe(
      'From the text part.',
    );
    expect(extractReplyText({ text: '\n \n', html: '<p>From HTML.</p>' })).toBe('From HTML.');
  });

  it('normalises CRLF and lone CR to \\n, trims, and keeps paragraphs', () => {
    expect(
      extractReplyText({
        text: '\r\n  First line.\r\nSecond line.\r\n\r\n\r\n\r\nNew paragraph.  \r\n\r\n',
      }),
    ).toBe('First line.\nSecond line.\n\nNew paragraph.');
    expect(extractReplyText({ text: 'Old Mac\rline endings\r\rtoo' })).toBe(
      'Old Mac\nline endings\n\ntoo',
    );
  });

  it('removes trailing spaces and stray control characters', () => {
    expect(extractReplyText({ text: 'One \t\nTwo\u0000\u0007 three\u001b\t\n' })).toBe(
      'One\nTwo three',
    );
  });

  it(`caps the result at ${MAX_REPLY_CHARS} characters`, () => {
    const paragraph = 'I keep coming back to the same thought about trust and time. ';
    const text = `${paragraph.repeat(2000)}\n\nOn Tue, 3 Dec 2026 at 08:00, Tend <x@y.example> wrote:\n> quoted`;
    const result = extractReplyText({ text });
    expect(result.length).toBeLessThanOrEqual(MAX_REPLY_CHARS);
    expect(result.length).toBeGreaterThan(MAX_REPLY_CHARS - paragraph.length);
    expect(text.startsWith(result)).toBe(true);
  });

  it('does not split an emoji at the cap', () => {
    const text = `${'a'.repeat(MAX_REPLY_CHARS - 1)}🙂 and more`;
    const result = extractReplyText({ text });
    expect(result).toBe('a'.repeat(MAX_REPLY_CHARS - 1));
    expect(result.endsWith('\ud83d')).toBe(false);
  });

  it('handles huge and hostile input in bounded time', () => {
    const started = Date.now();
    const quoted = '> quoted line\n'.repeat(50_000);
    expect(extractReplyText({ text: `${quoted}My answer at the very end.` })).toBe(
      'My answer at the very end.',
    );
    // Past the first 1,000,000 characters nothing is read.
    expect(extractReplyText({ text: `${quoted.repeat(2)}Too far down.` })).toBe('');
    expect(extractReplyText({ html: '<div title="'.repeat(100_000) })).toBe('');
    expect(extractReplyText({ html: '<!--'.repeat(100_000) })).toBe('');
    expect(
      extractReplyText({ html: `${'<b>'.repeat(100_000)}deep${'</i>'.repeat(100_000)}` }),
    ).toBe('deep');
    expect(extractReplyText({ html: '<blockquote>'.repeat(50_000) })).toBe('');
    expect(extractReplyText({ text: `On ${'x '.repeat(100_000)}wrote:` })).toMatch(/^On x x x/);
    expect(extractReplyText({ html: `<p>${'&amp;'.repeat(500_000)}</p>` })).toHaveLength(
      MAX_REPLY_CHARS,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('extractReplyText: plain-text patterns', () => {
  it('drops quoted lines at any depth', () => {
    expect(extractReplyText({ text: 'Mine.\n> one\n>> two\n> > three\n  > indented' })).toBe(
      'Mine.',
    );
  });

  it('keeps answers given between quotes as separate paragraphs', () => {
    expect(
      extractReplyText({ text: '> Question one?\nAnswer one.\n> Question two?\nAnswer two.' }),
    ).toBe('Answer one.\n\nAnswer two.');
  });

  it('cuts at a signature delimiter with or without the trailing space, not at dashes in a sentence', () => {
    expect(extractReplyText({ text: 'Kept.\n-- \nSam' })).toBe('Kept.');
    expect(extractReplyText({ text: 'Kept.\n--\nSam' })).toBe('Kept.');
    expect(extractReplyText({ text: 'Well -- maybe.\n--- not a delimiter\nStill mine.' })).toBe(
      'Well -- maybe.\n--- not a delimiter\nStill mine.',
    );
  });

  it('removes mobile sign-offs only at the end', () => {
    expect(extractReplyText({ text: 'Mine.\n\nSent from my iPad' })).toBe('Mine.');
    expect(
      extractReplyText({ text: 'Mine.\n\nGet Outlook for Android<https://aka.ms/ghei36>' }),
    ).toBe('Mine.');
    expect(extractReplyText({ text: 'Mine.\n\nSent from Mail for Windows' })).toBe('Mine.');
    expect(
      extractReplyText({ text: 'Sent from my iPhone is how I write most of these.\n\nMine.' }),
    ).toBe('Sent from my iPhone is how I write most of these.\n\nMine.');
  });

  it('cuts at every language form of Outlook and forward markers', () => {
    for (const marker of [
      '-----Original Message-----',
      '-----Ursprüngliche Nachricht-----',
      "-----Message d'origine-----",
      '-----Mensaje original-----',
      '---------- Forwarded message ---------',
      '---------- Weitergeleitete Nachricht ---------',
      '-------- Original Message --------',
      'Begin forwarded message:',
      'Anfang der weitergeleiteten Nachricht:',
      'Début du message réexpédié :',
      'Inicio del mensaje reenviado:',
    ]) {
      expect(extractReplyText({ text: `Mine.\n\n${marker}\nTheirs.` }), marker).toBe('Mine.');
    }
  });

  it('cuts at an Outlook header block, with its separator line, but not at a lone "From:" line', () => {
    const block =
      'From: Tend <x@y.example>\nSent: Tuesday, 3 December 2026 08:00\nTo: a@b.example\nSubject: Step 2';
    expect(
      extractReplyText({ text: `Mine.\n\n________________________________\n${block}\n\nLesson.` }),
    ).toBe('Mine.');
    expect(extractReplyText({ text: `Mine.\n${block}` })).toBe('Mine.');
    expect(
      extractReplyText({
        text: `Mine.\n\n*From:* Tend <x@y.example>\n*Date:* Tue\n*Subject:* Step 2\n*To:* a@b.example`,
      }),
    ).toBe('Mine.');
    const own = 'From: me, to you.\nTo be honest I was scared.\n\nThat is all.';
    expect(extractReplyText({ text: own })).toBe(own);
  });

  it('treats "On ... wrote:" as an attribution only with a time or an address', () => {
    const own = 'On Sunday my mother wrote:\nKeep going, you two.';
    expect(extractReplyText({ text: own })).toBe(own);
    expect(
      extractReplyText({ text: 'Mine.\nOn 12/3/26 8:00 AM, Tend wrote:\nTheirs, unquoted.' }),
    ).toBe('Mine.');
    expect(
      extractReplyText({ text: 'Mine.\nOn Tuesday, Tend <x@y.example> wrote:\nTheirs.' }),
    ).toBe('Mine.');
    expect(
      extractReplyText({
        text: 'Mine.\nAm 03.12.2026 um 08:00 schrieb Tend <x@y.example>:\nTheirs.',
      }),
    ).toBe('Mine.');
  });

  it('does not join an own line starting with "On" to the attribution below it', () => {
    expect(
      extractReplyText({
        text: 'On Sunday we talked.\nOn Tue, 3 Dec 2026 at 08:00, Tend <x@y.example> wrote:\n> q',
      }),
    ).toBe('On Sunday we talked.');
  });

  it('skips an attribution that introduces a quote and keeps the reply below it', () => {
    expect(
      extractReplyText({
        text: 'Le 3 déc. 2026 à 08:00, Tend <x@y.example> a écrit :\n\n> Leçon.\n\nMa réponse.',
      }),
    ).toBe('Ma réponse.');
  });
});

describe('extractReplyText: HTML conversion', () => {
  it('drops head, style, script, title and comments', () => {
    const html = `<!DOCTYPE html><html><head><title>Subject</title><style>p { color: red }</style>
      <meta charset="utf-8"></head><body><script>alert(1)</script><!-- note --><p>Visible.</p>
      <!--[if mso]><p>Outlook only</p><![endif]--></body></html>`;
    expect(extractReplyText({ html })).toBe('Visible.');
  });

  it('decodes named and numeric entities, including windows-1252 and invalid references', () => {
    expect(
      extractReplyText({
        html: '<p>&eacute;&szlig;&ntilde; &#233;&#xE9; &#150;&#x93;&#148; &#0;&#xD800; &bogus; AT&T &amp;amp; &lt;3</p>',
      }),
    ).toBe('éßñ éé –“” \ufffd\ufffd &bogus; AT&T &amp; <3');
  });

  it('turns blocks and <br> into lines and paragraphs, and collapses whitespace', () => {
    expect(
      extractReplyText({
        html: '<div>one\n   two</div><div>three<br>four</div><p>para</p><h2>Head</h2><table><tr><td>a</td><td>b</td></tr></table>',
      }),
    ).toBe('one two\nthree\nfour\n\npara\n\nHead\n\na b');
  });

  it('keeps text in <pre> as written and literal "<" characters', () => {
    expect(extractReplyText({ html: '<pre>  indented\n    more</pre><p>a < b and 2<3</p>' })).toBe(
      'indented\n    more\n\na < b and 2<3',
    );
  });

  it('numbers ordered lists and indents nested ones', () => {
    expect(
      extractReplyText({ html: '<ol><li>first<ul><li>inner</li></ul></li><li>second</ol>' }),
    ).toBe('1. first\n  - inner\n2. second');
  });

  it('drops quoted blockquotes, nested ones too, but keeps the "indent" blockquote', () => {
    expect(
      extractReplyText({
        html: '<div>Mine.</div><blockquote type="cite"><div>x<blockquote>y</blockquote>z</div></blockquote><div>Also mine.</div>',
      }),
    ).toBe('Mine.\n\nAlso mine.');
    expect(
      extractReplyText({
        html: '<div>Mine.</div><blockquote style="margin:0 0 0 40px;border:none;padding:0px"><div>Indented, still mine.</div></blockquote>',
      }),
    ).toBe('Mine.\n\nIndented, still mine.');
  });

  it("cuts at Outlook's reply containers, also when re-quoted with an x_ prefix", () => {
    expect(
      extractReplyText({
        html: '<div>Mine.</div><div id="x_divRplyFwdMsg">From: ...</div><div>Lesson</div>',
      }),
    ).toBe('Mine.');
    expect(
      extractReplyText({ html: '<div>Mine.</div><div id="appendonsend"></div><div>Lesson</div>' }),
    ).toBe('Mine.');
  });

  it('ignores an unterminated tag at the end of the input', () => {
    expect(extractReplyText({ html: '<div>Mine.</div><a href="https://example.org' })).toBe(
      'Mine.',
    );
  });
});

describe('parseReply: caps that cut words are reported', () => {
  it('reports no cut for an ordinary reply, or for a cut inside quoted history', () => {
    expect(parseReply({ text: 'Mine.\n> quoted' })).toEqual({ text: 'Mine.', truncated: false });
    const history = `Mine.\n\n-----Original Message-----\n${'x'.repeat(MAX_INPUT_CHARS)}`;
    expect(parseReply({ text: history })).toEqual({ text: 'Mine.', truncated: false });
  });

  it('reports a reply cut at MAX_REPLY_CHARS', () => {
    const reply = parseReply({ text: `${'word '.repeat(MAX_REPLY_CHARS / 4)}` });
    expect(reply.truncated).toBe(true);
    expect(reply.text.length).toBeLessThanOrEqual(MAX_REPLY_CHARS);
  });

  it('cuts a line at MAX_LINE_CHARS before any pattern sees it, and reports it', () => {
    const reply = parseReply({ text: `${'\u00a0'.repeat(MAX_LINE_CHARS)}lost\nKept.` });
    expect(reply).toEqual({ text: 'Kept.', truncated: true });
  });

  it('reports input past MAX_INPUT_CHARS, in text and in HTML', () => {
    const quoted = '> quoted line\n'.repeat(MAX_INPUT_CHARS / 10);
    expect(parseReply({ text: `${quoted}Too far down.` })).toEqual({ text: '', truncated: true });
    const html = `<p>Mine.</p>${'<div></div>'.repeat(MAX_INPUT_CHARS / 10)}<p>Too far.</p>`;
    expect(parseReply({ html })).toEqual({ text: 'Mine.', truncated: true });
  });
});
