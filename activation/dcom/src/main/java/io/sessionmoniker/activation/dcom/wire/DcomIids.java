package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.Iids;
import io.sessionmoniker.activation.orpc.rpc.SyntaxId;
import io.sessionmoniker.moniker.Guid;

/**
 * The well-known GUIDs of DCOM's network activation and OXID resolution, as MS-DCOM 1.9 (Standards Assignments)
 * lists them: the interfaces the SCM serves on port 135 and their presentation syntaxes (all version 0.0), the
 * custom-marshaling identities of the activation property blobs, and the CLSIDs that name each activation
 * property in a {@link CustomHeader}.
 *
 * <pre>{@code
 * if (context.abstractSyntax().equals(DcomIids.IREMOTESCMACTIVATOR_SYNTAX)) { ... }   // Impacket's activation
 * DcomIids.CLSID_PROPS_OUT_INFO.equals(DcomIids.CLSID_ACTIVATION_PROPERTIES_OUT);      // true: one GUID
 * }</pre>
 */
public final class DcomIids {

    /** IRemoteSCMActivator (MS-DCOM 3.1.2.5.2.3): RemoteGetClassObject, RemoteCreateInstance. */
    public static final Guid IREMOTESCMACTIVATOR = Guid.parse("000001A0-0000-0000-C000-000000000046");
    /** IActivation (MS-DCOM 3.1.2.5.2.3.1): RemoteActivation, the older activation interface. */
    public static final Guid IACTIVATION = Guid.parse("4D9F4AB8-7D1C-11CF-861E-0020AF6E7C57");
    /** IObjectExporter (MS-DCOM 3.1.2.5.1), the OXID resolver: ResolveOxid, pings, ServerAlive. */
    public static final Guid IOBJECTEXPORTER = Guid.parse("99FCFEC4-5260-101B-BBCB-00AA0021347A");
    /** IRemUnknown2 (MS-DCOM 3.1.1.5.7), served by every exporter at its {@code ipidRemUnknown}. */
    public static final Guid IREMUNKNOWN2 = Iids.IREMUNKNOWN2;

    /** IID_IActivationPropertiesIn: the {@code iid} of the OBJREF_CUSTOM carrying a request's blob. */
    public static final Guid IACTIVATION_PROPERTIES_IN = Guid.parse("000001A2-0000-0000-C000-000000000046");
    /** IID_IActivationPropertiesOut: the {@code iid} of the OBJREF_CUSTOM carrying a reply's blob. */
    public static final Guid IACTIVATION_PROPERTIES_OUT = Guid.parse("000001A3-0000-0000-C000-000000000046");

    /** The presentation syntax of IRemoteSCMActivator, version 0.0. */
    public static final SyntaxId IREMOTESCMACTIVATOR_SYNTAX = SyntaxId.of(IREMOTESCMACTIVATOR);
    /** The presentation syntax of IActivation, version 0.0. */
    public static final SyntaxId IACTIVATION_SYNTAX = SyntaxId.of(IACTIVATION);
    /** The presentation syntax of IObjectExporter, version 0.0. */
    public static final SyntaxId IOBJECTEXPORTER_SYNTAX = SyntaxId.of(IOBJECTEXPORTER);
    /** The presentation syntax of IRemUnknown2, version 0.0. */
    public static final SyntaxId IREMUNKNOWN2_SYNTAX = SyntaxId.of(IREMUNKNOWN2);

    /** CLSID_ActivationPropertiesIn: the {@code clsid} of the OBJREF_CUSTOM carrying a request's blob. */
    public static final Guid CLSID_ACTIVATION_PROPERTIES_IN = Guid.parse("00000338-0000-0000-C000-000000000046");
    /** CLSID_ActivationPropertiesOut: the {@code clsid} of the OBJREF_CUSTOM carrying a reply's blob. */
    public static final Guid CLSID_ACTIVATION_PROPERTIES_OUT = Guid.parse("00000339-0000-0000-C000-000000000046");

    /** CLSID_InstantiationInfo: {@link InstantiationInfo} (MS-DCOM 2.2.22.2.1). */
    public static final Guid CLSID_INSTANTIATION_INFO = Guid.parse("000001AB-0000-0000-C000-000000000046");
    /** CLSID_ActivationContextInfo: {@link ActivationContextInfo} (2.2.22.2.5). */
    public static final Guid CLSID_ACTIVATION_CONTEXT_INFO = Guid.parse("000001A5-0000-0000-C000-000000000046");
    /** CLSID_ServerLocationInfo: {@link ServerLocationInfo} (LocationInfoData, 2.2.22.2.6). */
    public static final Guid CLSID_SERVER_LOCATION_INFO = Guid.parse("000001A4-0000-0000-C000-000000000046");
    /** CLSID_ScmRequestInfo: {@link ScmRequestInfo} (2.2.22.2.4). */
    public static final Guid CLSID_SCM_REQUEST_INFO = Guid.parse("000001AA-0000-0000-C000-000000000046");
    /** CLSID_ScmReplyInfo: {@link ScmReplyInfo} (2.2.22.2.8). */
    public static final Guid CLSID_SCM_REPLY_INFO = Guid.parse("000001B6-0000-0000-C000-000000000046");
    /** CLSID_PropsOutInfo: {@link PropsOutInfo} (2.2.22.2.9); the same GUID as CLSID_ActivationPropertiesOut. */
    public static final Guid CLSID_PROPS_OUT_INFO = CLSID_ACTIVATION_PROPERTIES_OUT;
    /** CLSID_SecurityInfo: {@link SecurityInfo} (2.2.22.2.7). */
    public static final Guid CLSID_SECURITY_INFO = Guid.parse("000001A6-0000-0000-C000-000000000046");
    /** CLSID_SpecialSystemProperties: {@link SpecialProperties} (SpecialPropertiesData, 2.2.22.2.2). */
    public static final Guid CLSID_SPECIAL_SYSTEM_PROPERTIES = Guid.parse("000001B9-0000-0000-C000-000000000046");
    /** CLSID_InstanceInfo: {@link InstanceInfo} (2.2.22.2.3). */
    public static final Guid CLSID_INSTANCE_INFO = Guid.parse("000001AD-0000-0000-C000-000000000046");

    private DcomIids() {
    }
}
