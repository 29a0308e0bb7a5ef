/**
 * Shell completion scripts for bash and zsh, generated from the commander program itself so
 * they never drift from the real commands and options. Worker-type names complete from the
 * API through the hidden `__worker-types` command (quietly nothing when it cannot answer).
 */
import type { Command, Option } from 'commander';

export const NAME_COMPLETION_COMMAND = '__worker-types';
/** Commands whose first argument is a worker-type name. */
const TAKES_WORKER_TYPE = new Set(['get', 'state', 'decision', 'history', 'delete']);
/** Options whose value is a path. */
const PATH_OPTIONS = new Set(['--file']);

interface CommandShape {
  readonly name: string;
  readonly description: string;
  readonly options: readonly Option[];
}

function shapes(program: Command): CommandShape[] {
  return program.commands
    .filter((command) => !command.name().startsWith('__'))
    .map((command) => ({ name: command.name(), description: command.description(), options: command.options }));
}

function optionWords(command: CommandShape): string[] {
  return [...command.options.flatMap((option) => [option.short, option.long].filter((flag): flag is string => Boolean(flag))), '--help'];
}

export function bashCompletion(program: Command): string {
  const bin = program.name();
  const fn = `_${bin.replace(/[^A-Za-z0-9]/g, '_')}`;
  const commands = shapes(program);
  const optionCases = commands.map((c) => `    ${c.name}) opts="${optionWords(c).join(' ')}" ;;`).join('\n');
  const valueCases = commands
    .flatMap((c) => c.options)
    .filter((o) => o.required || o.optional)
    .map((o) => {
      const flags = [o.short, o.long].filter(Boolean).join('|');
      if (o.long && PATH_OPTIONS.has(o.long)) return `    ${flags}) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;`;
      if (o.argChoices) return `    ${flags}) COMPREPLY=( $(compgen -W "${o.argChoices.join(' ')}" -- "$cur") ); return ;;`;
      return `    ${flags}) return ;;`;
    });
  return `# bash completion for ${bin}: source <(${bin} completion bash)
${fn}() {
  local cur prev
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${commands.map((c) => c.name).join(' ')} --help --version" -- "$cur") )
    return
  fi
  case "$prev" in
${[...new Set(valueCases)].join('\n')}
  esac
  local opts=""
  case "\${COMP_WORDS[1]}" in
${optionCases}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
  elif [ "$COMP_CWORD" -eq 2 ]; then
    case "\${COMP_WORDS[1]}" in
      ${[...TAKES_WORKER_TYPE].join('|')}) COMPREPLY=( $(compgen -W "$(${bin} ${NAME_COMPLETION_COMMAND} 2>/dev/null)" -- "$cur") ) ;;
      completion) COMPREPLY=( $(compgen -W "bash zsh" -- "$cur") ) ;;
    esac
  fi
}
complete -o default -F ${fn} ${bin}
`;
}

function zshQuote(text: string): string {
  return text.replace(/'/g, `'\\''`).replace(/[[\]:]/g, (c) => `\\${c}`);
}

function zshOptionSpec(option: Option): string {
  const flags = [option.short, option.long].filter((flag): flag is string => Boolean(flag));
  const exclusion = flags.length > 1 ? `'(${flags.join(' ')})'{${flags.join(',')}}` : `'${flags[0] ?? ''}'`;
  const takesValue = option.required || option.optional;
  let action = '';
  if (takesValue) {
    const values = option.long && PATH_OPTIONS.has(option.long) ? '_files' : option.argChoices ? `(${option.argChoices.join(' ')})` : ' ';
    action = `:${zshQuote(option.attributeName())}:${values}`;
  }
  return `${exclusion}'[${zshQuote(option.description)}]${action}'`;
}

export function zshCompletion(program: Command): string {
  const bin = program.name();
  const fn = `_${bin.replace(/[^A-Za-z0-9]/g, '_')}`;
  const commands = shapes(program);
  const cases = commands.map((c) => {
    const specs = [...c.options.map(zshOptionSpec), "'--help[show help]'"];
    if (TAKES_WORKER_TYPE.has(c.name)) specs.push(`'1:worker type:${fn}_worker_types'`);
    if (c.name === 'completion') specs.push(`'1:shell:(bash zsh)'`);
    return `    ${c.name}) _arguments ${specs.join(' ')} ;;`;
  });
  return `#compdef ${bin}
# zsh completion for ${bin}: source <(${bin} completion zsh), or save as _${bin} on $fpath
${fn}_worker_types() {
  local -a names
  names=(\${(f)"$(${bin} ${NAME_COMPLETION_COMMAND} 2>/dev/null)"})
  _describe 'worker type' names
}
${fn}() {
  local -a commands
  commands=(
${commands.map((c) => `    '${c.name}:${zshQuote(c.description)}'`).join('\n')}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  local subcommand=$words[2]
  shift words
  (( CURRENT-- ))
  case $subcommand in
${cases.join('\n')}
  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  ${fn} "$@"
else
  compdef ${fn} ${bin}
fi
`;
}
