import { LANGUAGES } from '../i18n/catalogue';
import { COMMAND_NAMES, COMMANDS, commandNamed } from './commands.table';

describe('the command table', () => {
  it('has every command the catalogues describe, once, and no other', () => {
    const names = COMMANDS.map((command) => command.name);
    expect(new Set(names).size).toBe(names.length);
    for (const t of Object.values(LANGUAGES))
      expect([...names].sort()).toEqual(Object.keys(t.commands).sort());
  });

  it('answers each name and alias with its own command', () => {
    const aliases = COMMANDS.flatMap((command) => command.aliases ?? []);
    expect(COMMAND_NAMES).toHaveLength(COMMANDS.length + aliases.length);
    expect(commandNamed('inv')).toBe(commandNamed('inventory'));
    expect(commandNamed('nosuchcommand')).toBeUndefined();
  });
});
