import Table from 'cli-table3';

/** A text table for people; colour only on a terminal, so piped output stays plain. */
export function table(head: string[]): InstanceType<typeof Table> {
  const color = process.stdout.isTTY === true;
  return new Table({ head, style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] } });
}
