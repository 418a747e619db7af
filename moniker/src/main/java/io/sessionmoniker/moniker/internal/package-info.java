/** Implementation of the moniker module; not exported, not API. */
package io.sessionmoniker.moniker.internal;
