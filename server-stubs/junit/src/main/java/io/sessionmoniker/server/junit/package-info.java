/**
 * The interop test kit: {@link io.sessionmoniker.server.junit.SessionHostTest} and what it injects.
 *
 * <pre>{@code
 * @SessionHostTest(scenario = "lab.json", dcom = true)
 * @ScriptedClass(clsid = "4A1E0C2B-0000-4000-8000-000000000001", progId = "Inventory.Service",
 *         script = "{\"methods\": {\"Version\": {\"result\": \"2.1\"}}}")
 * class InventoryClientTest {
 *     @Test
 *     void readsTheVersion(DcomEndpoint host, ScriptedCalls calls) throws Exception {
 *         DcomEndpoint.Credentials bob = host.user("bob");
 *         // … the client under test against host.address() and host.port() as bob …
 *         calls.await(log -> log.count("Version") == 1, Duration.ofSeconds(30));
 *     }
 * }
 * }</pre>
 */
package io.sessionmoniker.server.junit;
