/**
 * The Adaptive Card elements the Teams message is made of (schema 1.5), as
 * plain data. Untrusted text only ever goes into a TextRun of a
 * RichTextBlock: unlike a TextBlock, a TextRun is not read as Markdown, so a
 * message cannot become a link, emphasis or a list; links come only from our
 * own `Action.OpenUrl`.
 */
export interface OpenUrl {
  readonly type: 'Action.OpenUrl';
  readonly url: string;
  readonly title?: string;
}

export interface TextRun {
  readonly type: 'TextRun';
  readonly text: string;
  readonly weight?: 'Bolder';
  readonly size?: 'Small' | 'Large';
  readonly color?: 'Attention' | 'Warning' | 'Good' | 'Accent';
  readonly fontType?: 'Monospace';
  readonly isSubtle?: boolean;
  readonly selectAction?: OpenUrl;
}

export interface RichTextBlock {
  readonly type: 'RichTextBlock';
  readonly inlines: readonly TextRun[];
  readonly spacing?: 'None' | 'Small' | 'Medium';
}

export interface Container {
  readonly type: 'Container';
  readonly items: readonly CardElement[];
  readonly style?: 'emphasis' | 'attention' | 'warning' | 'good';
  readonly separator?: boolean;
  readonly spacing?: 'Medium';
}

export type CardElement = RichTextBlock | Container;

export interface AdaptiveCard {
  readonly $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  readonly type: 'AdaptiveCard';
  readonly version: '1.5';
  readonly body: readonly CardElement[];
  readonly actions?: readonly OpenUrl[];
  /** Teams' own: the card uses the channel's full width. */
  readonly msteams: { readonly width: 'Full' };
}

/** What a Teams Workflows webhook takes: a message with the card as its one attachment. */
export interface TeamsMessage {
  readonly type: 'message';
  readonly attachments: readonly [
    { readonly contentType: 'application/vnd.microsoft.card.adaptive'; readonly contentUrl: null; readonly content: AdaptiveCard },
  ];
}

/** A run of text; an empty one becomes a space, which a TextRun needs to be valid. */
export function run(text: string, style: Omit<TextRun, 'type' | 'text'> = {}): TextRun {
  return { type: 'TextRun', text: text === '' ? ' ' : text, ...style };
}

/** One line of text runs. */
export function line(inlines: readonly TextRun[], spacing?: RichTextBlock['spacing']): RichTextBlock {
  return { type: 'RichTextBlock', inlines, ...(spacing ? { spacing } : {}) };
}

export function openUrl(url: string, title: string): OpenUrl {
  return { type: 'Action.OpenUrl', url, title };
}

export function envelope(card: AdaptiveCard): TeamsMessage {
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
}
