// A view that throws shows what failed and a way back, instead of blanking the studio
// (the editor and the last valid config stay usable).
import { Component, type ReactNode } from 'react';

interface Props {
  /** Changing it (e.g. the tab id) clears the error. */
  resetKey: string;
  onReset(): void;
  children: ReactNode;
}

interface State {
  error: Error | null;
  key: string;
}

export class ViewErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="empty-state" role="alert" data-testid="view-error">
        <h3>This view failed to draw</h3>
        <p>{this.state.error.message}</p>
        <button onClick={this.props.onReset}>Back to the Overview</button>
      </div>
    );
  }
}
