/**
 * The protocol version. A page sends it in `hello`; the lab server refuses any other with
 * LAB_ERR_PROTOCOL_VERSION, so a stale cached page fails loudly instead of misreading messages.
 */
export const PROTOCOL_VERSION = 6;
