/**
 * One turn of Node's event loop (setImmediate): what a tick's planner awaits between pages,
 * so that the provider's answers and incoming requests get in while planning goes on.
 */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
