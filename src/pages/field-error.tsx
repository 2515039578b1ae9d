/** @jsxImportSource hono/jsx */

/** A form's messages by field name: what signup and preferences report. */
type Errors<K extends string> = Partial<Record<K, string | undefined>>;

/** aria attributes tying a field to its error message, when it has one. */
export function invalid<K extends string>(errors: Errors<K>, field: K) {
  return errors[field]
    ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${field}-error` }
    : {};
}

/** A field's error message, with the id its field's aria-describedby names. */
export function FieldError<K extends string>(props: { errors: Errors<K>; field: K }) {
  const message = props.errors[props.field];
  return message ? (
    <p class="error" id={`${props.field}-error`}>
      {message}
    </p>
  ) : null;
}
