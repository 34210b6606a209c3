import { Component, type ReactNode } from 'react';
import { ErrorState } from './states';

/**
 * A rendering bug in one screen must not blank the whole app on a bench PC: show it as an
 * INTERNAL error with a retry, and keep the nav working. `resetKey` (the route) clears it.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: Error | null; key: string }> {
  override state: { error: Error | null; key: string } = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey: string }, state: { key: string }): { error: null; key: string } | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override componentDidCatch(error: Error): void {
    console.error('screen crashed:', error);
  }

  override render(): ReactNode {
    if (this.state.error) {
      return <ErrorState error={{ code: 'INTERNAL', message: this.state.error.message }} onRetry={() => this.setState({ error: null })} />;
    }
    return this.props.children;
  }
}
