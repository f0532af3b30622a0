import { type IncomingHttpHeaders } from 'node:http';
import { type ParsedMail } from 'mailparser';
/** A real SMTP server in the test process that keeps every message it accepts. */
export declare class TestSmtpServer {
    readonly messages: ParsedMail[];
    private server;
    port: number;
    start(port?: number): Promise<void>;
    /** Really stop listening: connections are refused until `start(port)` again. */
    stop(): Promise<void>;
}
export interface ReceivedRequest {
    path: string;
    headers: IncomingHttpHeaders;
    body: string;
}
/** A local HTTP server standing in for Slack incoming webhooks and generic webhook receivers. */
export declare class TestHttpReceiver {
    readonly requests: ReceivedRequest[];
    private server;
    port: number;
    onRequest?: (request: ReceivedRequest) => void;
    start(): Promise<void>;
    url(path: string): string;
    on(path: string): ReceivedRequest[];
    stop(): Promise<void>;
}
