package io.sessionmoniker.activation.host.internal;

import io.sessionmoniker.activation.ComInterface;

/**
 * A launched server's network side, as the host's OXID resolver reaches it: the references DCOM clients hold on
 * the server belong to ping sets the resolver keeps, so the resolver tells the server when an activation's
 * references go to a network client and when a ping set expired. OIDs travel as 8 little-endian octets each.
 */
@ComInterface(iid = "5E55A0A0-0000-4000-8000-000000000012")
public interface IServerNetwork {

    /**
     * Marshals interfaces of an object for a network client (the interfaces a remote activation asks for): each
     * OBJREF carries references of the network pool. For a new instance, the references its class object handed
     * the host with it ({@code CreateInstance}'s, which nobody else will claim) are given up afterwards, so that the
     * client's references are the only ones left: when it releases them, or its ping set expires, the instance goes.
     *
     * @param oid the object's OID
     * @param iids the interfaces, 16 octets each (the GUID's wire form)
     * @param instance whether the object is an instance the activation just made (not the class object)
     * @return per interface: its HRESULT (4 octets, little-endian), the OBJREF's length (4 octets) and the OBJREF
     *     (none for a failed interface)
     */
    byte[] MarshalForNetwork(long oid, byte[] iids, boolean instance);

    /**
     * Tells which of the objects network clients hold here.
     *
     * @param oids OIDs, 8 octets each
     * @return the subset exported here with network references, 8 octets each
     */
    byte[] NetworkHeld(byte[] oids);

    /**
     * Drops the network references to objects whose ping set expired.
     *
     * @param oids OIDs, 8 octets each
     * @return how many objects lost network references
     */
    int ReleaseNetworkReferences(byte[] oids);
}
