// @serialport/binding-mock with its types: the package's "exports" map has no "types"
// condition, so TypeScript's Bundler resolution finds no declarations for the bare specifier
// (nor for @serialport/bindings-interface, which its declarations extend).
import type { CreatePortOptions, MockPortBinding } from '../../../node_modules/@serialport/binding-mock/dist/index';
// @ts-expect-error -- typed by TypedMockBinding below
import { MockBinding as untypedMockBinding } from '@serialport/binding-mock';
import type { RawPortInfo } from '../../../main/hardware/transport/list-ports';

export type { MockPortBinding };

export interface TypedMockBinding {
  reset(): void;
  createPort(path: string, opt?: CreatePortOptions): void;
  list(): Promise<RawPortInfo[]>;
  open(options: { path: string; baudRate: number } & Record<string, unknown>): Promise<MockPortBinding>;
}

export const MockBinding = untypedMockBinding as TypedMockBinding;
