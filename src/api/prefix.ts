/** Where the API is mounted; its version is part of every path. */
export const API_PREFIX = '/api/v1';
