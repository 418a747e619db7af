/**
 * The NDR messages of DCOM's remote activation and OXID resolution: IRemoteSCMActivator with its activation
 * property blobs (MS-DCOM 2.2.22, type serialization version 1 of MS-RPCE 2.2.6), IActivation, and IObjectExporter.
 */
package io.sessionmoniker.activation.dcom.wire;
