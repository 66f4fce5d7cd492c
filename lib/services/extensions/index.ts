/** 延期申请: unit clerk → unit leader → office. Each verb takes (actor, input) and throws DomainError. */
export { requestExtension } from "./request-extension";
export { forwardExtension } from "./forward-extension";
export { returnExtension } from "./return-extension";
export { approveExtension } from "./approve-extension";
export { rejectExtension } from "./reject-extension";
export { withdrawExtension } from "./withdraw-extension";
