import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { BodyPart, Course, CourseEmail, CourseRole, Lesson, Role } from './course.ts';
import { NO_ROLE } from './roles.ts';
import { ALL_WEEKDAYS, isValidSendTime } from './time.ts';

/** A course that cannot be used, with the file, field and reason. */
export class CourseError extends Error {
  override name = 'CourseError';
  constructor(
    readonly file: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${file}: ${field}: ${reason}`);
  }
}

const text = z.string().trim().min(1, 'must not be empty');
const roleId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,30}$/, 'use lowercase letters, digits and dashes')
  .refine((id) => id !== NO_ROLE, `"${NO_ROLE}" is the word for no role`);
const roleSchema = z
  .object({ id: roleId, label: text.max(80), heading: text.max(80).optional() })
  .strict();
const delayDays = z.number().int().min(0).max(60).default(1);

const courseSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'use lowercase letters, digits and dashes'),
    title: text,
    tagline: text,
    description: text,
    sender_name: text.max(60),
    roles: z
      .array(roleSchema)
      .max(8)
      .default([])
      .refine((roles) => new Set(roles.map((r) => r.id)).size === roles.length, 'ids repeat'),
    couples: z.boolean().default(false),
    // What couples mode is not for, in the course's own words: shown on the invitation, the
    // signup and preferences pages and the help page. Required when couples is true.
    couples_safety: text.max(600, 'keep it to a short paragraph').optional(),
    schedule: z
      .object({
        send_time: z.string().refine(isValidSendTime, 'use HH:MM, e.g. 08:00').default('08:00'),
        send_days: z
          .string()
          .regex(/^[1-7]{1,7}$/, 'ISO weekdays, e.g. 12345 for Monday to Friday')
          .default('1234567'),
      })
      .strict()
      .default({ send_time: '08:00', send_days: '1234567' }),
    discreet: z
      .object({
        sender_name: text.max(60),
        subject: text,
        subjects: z.array(text.max(60, 'keep subjects short enough for a phone')).optional(),
        preheader: text,
        help_text: text.optional(),
      })
      .strict(),
    help: z.object({ text }).strict(),
    checkins: z
      .object({
        subject: text,
        preheader: text,
        discreet_subject: text,
        intro: text,
        questions: z.array(text).min(1, 'needs at least one question'),
      })
      .strict(),
  })
  .strict();

const emailFields = {
  title: text,
  // A phone shows about 45 characters of a subject before cutting it off.
  subject: text.max(50, 'keep subjects to 50 characters or fewer, so they fit on a phone'),
  preheader: text.max(200, 'keep preheaders under 200 characters'),
  exercise: text,
};
const emailSchema = z.object(emailFields).strict();
const closingSchema = z.object({ ...emailFields, delay_days: delayDays }).strict();
const lessonSchema = z
  .object({
    ...emailFields,
    step: z.number().int().min(1),
    delay_days: delayDays,
    prompts: z.record(z.string(), text),
  })
  .strict();
const helpSchema = z.object({ title: text }).strict();

/** The discreet footer's safety line when a course gives none: it names no topic. */
const DISCREET_HELP_TEXT = 'If you ever feel unsafe, help is here.';

const LESSON_FILE = /^lesson-(\d{2})\.md$/;

/**
 * Builds a Course from its files (name -> contents), as read from content/<course>/ on
 * Node or bundled into a Worker. Pure: the caller does the reading.
 */
export function parseCourse(files: Readonly<Record<string, string>>): Course {
  const meta = validate('course.yaml', courseSchema, parseYamlFile('course.yaml', files));
  if (meta.couples && !meta.couples_safety) {
    throw new CourseError(
      'course.yaml',
      'couples_safety',
      'a couples course needs a safety note: who couples mode is not for, and that unlinking is always available and silent',
    );
  }
  if (!meta.couples && meta.couples_safety) {
    throw new CourseError('course.yaml', 'couples_safety', 'only for a course with couples: true');
  }
  const roles: CourseRole[] = meta.roles.map((role) => ({
    id: role.id,
    label: role.label,
    heading: role.heading ?? role.label,
  }));
  const roleIds = roles.map((role) => role.id);
  const lessonFiles = Object.keys(files)
    .filter((name) => LESSON_FILE.test(name))
    .sort();
  if (lessonFiles.length === 0) {
    throw new CourseError('lesson-01.md', 'file', 'a course needs at least one lesson');
  }
  const lessons = lessonFiles.map((file, index): Lesson => {
    const { data, body } = splitFrontMatter(file, files[file] ?? '');
    const fields = validate(file, lessonSchema, data);
    if (fields.step !== index + 1) {
      throw new CourseError(
        file,
        'step',
        `expected ${index + 1} (lessons are numbered 1, 2, 3...)`,
      );
    }
    return {
      file,
      step: fields.step,
      title: fields.title,
      subject: fields.subject,
      preheader: fields.preheader,
      exercise: fields.exercise,
      delayDays: fields.delay_days,
      prompts: checkPrompts(file, fields.prompts, roleIds),
      body: parseBody(file, body, roleIds),
    };
  });
  const help = splitFrontMatter('help.md', required('help.md', files));
  checkCrisisLinks(help.body);

  return {
    id: meta.id,
    title: meta.title,
    tagline: meta.tagline,
    description: meta.description,
    senderName: meta.sender_name,
    roles,
    couples: meta.couples,
    couplesSafety: meta.couples_safety ?? null,
    schedule: {
      sendTime: meta.schedule.send_time,
      sendDays: ALL_WEEKDAYS.filter((day) => meta.schedule.send_days.includes(String(day))),
    },
    discreet: {
      senderName: meta.discreet.sender_name,
      subject: meta.discreet.subject,
      subjects: meta.discreet.subjects ?? [],
      preheader: meta.discreet.preheader,
      helpText: meta.discreet.help_text ?? DISCREET_HELP_TEXT,
    },
    helpText: meta.help.text,
    checkins: {
      subject: meta.checkins.subject,
      preheader: meta.checkins.preheader,
      discreetSubject: meta.checkins.discreet_subject,
      intro: meta.checkins.intro,
      questions: meta.checkins.questions,
    },
    welcome: parseEmail('welcome.md', files, roleIds),
    lessons,
    closing: parseClosing(files, roleIds),
    helpPage: {
      title: validate('help.md', helpSchema, help.data).title,
      markdown: help.body.trim(),
    },
  };
}

function parseEmail(
  file: string,
  files: Readonly<Record<string, string>>,
  roles: readonly Role[],
): CourseEmail {
  const { data, body } = splitFrontMatter(file, required(file, files));
  const fields = validate(file, emailSchema, data);
  return { file, ...fields, delayDays: 0, body: parseBody(file, body, roles) };
}

function parseClosing(
  files: Readonly<Record<string, string>>,
  roles: readonly Role[],
): CourseEmail {
  const file = 'closing.md';
  const { data, body } = splitFrontMatter(file, required(file, files));
  const { delay_days, ...fields } = validate(file, closingSchema, data);
  return { file, ...fields, delayDays: delay_days, body: parseBody(file, body, roles) };
}

/** A question for each of the course's roles and one for anyone; no other keys. */
function checkPrompts(
  file: string,
  prompts: Readonly<Record<string, string>>,
  roles: readonly Role[],
): Lesson['prompts'] {
  const expected = [...roles, NO_ROLE];
  const stray = Object.keys(prompts).find((key) => !expected.includes(key));
  if (stray !== undefined) {
    throw new CourseError(file, `prompts.${stray}`, `is not a role (use ${expected.join(', ')})`);
  }
  const missing = expected.find((key) => prompts[key] === undefined);
  if (missing !== undefined) {
    throw new CourseError(file, `prompts.${missing}`, 'is missing');
  }
  return prompts as Lesson['prompts'];
}

const TEL_LINK = /\]\(tel:([^)]*)\)/g;

/** The help page must offer at least one number to tap, and every tel: link must dial. */
function checkCrisisLinks(markdown: string): void {
  const numbers = [...markdown.matchAll(TEL_LINK)].map((match) => match[1] ?? '');
  if (numbers.length === 0) {
    throw new CourseError(
      'help.md',
      'body',
      'needs crisis numbers as tel: links, e.g. [988](tel:988)',
    );
  }
  const broken = numbers.find((number) => !/^\+?\d{3,15}$/.test(number));
  if (broken !== undefined) {
    throw new CourseError('help.md', 'body', `tel:${broken} cannot be dialled (digits only)`);
  }
}

function required(file: string, files: Readonly<Record<string, string>>): string {
  const contents = files[file];
  if (contents === undefined) throw new CourseError(file, 'file', 'is missing');
  return contents;
}

function parseYamlFile(file: string, files: Readonly<Record<string, string>>): unknown {
  try {
    return parseYaml(required(file, files));
  } catch (error) {
    if (error instanceof CourseError) throw error;
    throw new CourseError(file, 'yaml', (error as Error).message.split('\n')[0] ?? 'invalid');
  }
}

function splitFrontMatter(file: string, contents: string): { data: unknown; body: string } {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(contents);
  if (!match) {
    throw new CourseError(file, 'front matter', 'must start with a --- block of YAML fields');
  }
  try {
    return { data: parseYaml(match[1] ?? ''), body: match[2] ?? '' };
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0] ?? 'invalid YAML';
    throw new CourseError(file, 'front matter', reason);
  }
}

function validate<T>(file: string, schema: z.ZodType<T>, data: unknown): T {
  const result = schema.safeParse(data ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'front matter';
  throw new CourseError(file, field, issue?.message ?? 'invalid');
}

const OPEN = /^:::\s*(\S+)\s*$/;
const CLOSE = /^:::\s*$/;

/** Splits a body into common text and `::: role` ... `:::` sections. */
function parseBody(file: string, body: string, roles: readonly Role[]): BodyPart[] {
  const parts: BodyPart[] = [];
  let role: Role | null = null;
  let lines: string[] = [];
  const flush = () => {
    const markdown = lines.join('\n').trim();
    if (markdown) parts.push({ role, markdown });
    lines = [];
  };
  body.split(/\r?\n/).forEach((line, index) => {
    const where = `line ${index + 1} of the body`;
    if (CLOSE.test(line)) {
      if (role === null) throw new CourseError(file, where, '::: closes a section never opened');
      flush();
      role = null;
      return;
    }
    const open = OPEN.exec(line);
    if (open) {
      const name = open[1] ?? '';
      if (!roles.includes(name)) {
        const known = roles.length > 0 ? `use ${roles.join(', ')}` : 'the course has no roles';
        throw new CourseError(file, where, `unknown role "${name}" (${known})`);
      }
      if (role !== null) throw new CourseError(file, where, 'sections cannot be nested');
      flush();
      role = name;
      return;
    }
    lines.push(line);
  });
  if (role !== null) throw new CourseError(file, 'body', `the "${role}" section is never closed`);
  flush();
  if (parts.length === 0) throw new CourseError(file, 'body', 'is empty');
  return parts;
}
