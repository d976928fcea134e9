import type { PasswordsSet } from "./PasswordsSet";

/**
 * `schema` is a JSON Schema (2020-12, schemars): objects with `properties`, `$ref: "#/$defs/X"`,
 * `type` (possibly `["integer","null"]` for optional values), `enum` or `oneOf: [{const, description}]`
 * for choices, `items` for lists, `description` = the parameter's help text, `default`.
 */
export type SettingsView = { settings: unknown, schema: unknown, passwords: PasswordsSet, settingsPath: string, };
