/**
 * HTTP for every adapter: one client per API ({@link io.statxplore.core.http.ApiClient}) that
 * sends the key only where it may go, keeps to the API's rate budget, retries what may pass on a
 * second try, bounds each call by its statement's {@link io.statxplore.core.http.CallScope}, and
 * turns every failure into an {@link io.statxplore.core.http.ApiException} with the connection's
 * secrets redacted. Metadata answers are shared by the JVM's clients of one URL, key and language
 * ({@code SharedAnswers}), and kept on disk with a {@link io.statxplore.core.http.ResponseCache}
 * directory.
 */
package io.statxplore.core.http;
