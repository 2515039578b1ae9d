/** @jsxImportSource hono/jsx */
import type { Course } from '../course/course.ts';

/**
 * The role question, with a last choice for none (sent empty): a reader may skip it and gets
 * every perspective. `chosen` is the value to show checked; `noneChecked` whether an empty
 * one means "none chosen" (preferences) rather than "not answered yet" (signup, where nothing
 * is preselected).
 */
export function RoleChoices(props: {
  course: Course;
  chosen: string;
  noneChecked: boolean;
  error?: string | undefined;
}) {
  const { course, chosen } = props;
  if (course.roles.length === 0) return null;
  return (
    <fieldset
      id="role"
      {...(props.error
        ? { 'aria-invalid': 'true' as const, 'aria-describedby': 'role-error' }
        : {})}
    >
      <legend>
        Which fits you best? <span class="muted">(optional)</span>
      </legend>
      {course.roles.map((role) => (
        <label class="choice" key={role.id}>
          <input type="radio" name="role" value={role.id} checked={chosen === role.id} />
          <span>{role.label}</span>
        </label>
      ))}
      <label class="choice">
        <input type="radio" name="role" value="" checked={props.noneChecked && chosen === ''} />
        <span>None of these, or I would rather not say: show me every side</span>
      </label>
      {props.error ? (
        <p class="error" id="role-error">
          {props.error}
        </p>
      ) : null}
    </fieldset>
  );
}
