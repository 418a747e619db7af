#!/usr/bin/python3
"""Activates a class through Impacket's DCOM client and calls it through IDispatch; prints one JSON line.

Used by the interop tests: Debian's python3-impacket, unmodified, against the session host's DCOM side.
  impacket_client.py --target 127.0.0.1 --user bob --password demo-bob --clsid 10000013-... \
      [--level privacy|integrity] [--names SessionId,UserName,ProcessId]
"""
import argparse
import json
import sys

from impacket.dcerpc.v5 import rpcrt
from impacket.dcerpc.v5.dcom.oaut import IID_IDispatch, IDispatch, DISPPARAMS
from impacket.dcerpc.v5.dcomrt import DCOMConnection
from impacket.dcerpc.v5.dtypes import NULL
from impacket.uuid import string_to_bin

LEVELS = {"privacy": rpcrt.RPC_C_AUTHN_LEVEL_PKT_PRIVACY, "integrity": rpcrt.RPC_C_AUTHN_LEVEL_PKT_INTEGRITY}


def value(variant):
    union = variant["_varUnion"]
    vt = variant["vt"]
    if vt == 3:  # VT_I4
        return union["lVal"]
    if vt == 8:  # VT_BSTR
        return union["bstrVal"]["asData"]
    if vt == 2:  # VT_I2
        return union["iVal"]
    if vt == 11:  # VT_BOOL
        return union["boolVal"] != 0
    return "vt=%d" % vt


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--target", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--domain", default="")
    p.add_argument("--clsid", required=True)
    p.add_argument("--level", default="privacy", choices=sorted(LEVELS))
    p.add_argument("--names", default="SessionId,UserName,ProcessId")
    p.add_argument("--no-disconnect", action="store_true",
                   help="exit without DCOMConnection.disconnect(): the references are never released")
    a = p.parse_args()
    out = {"ok": False}
    dcom = None
    try:
        dcom = DCOMConnection(a.target, a.user, a.password, a.domain, "", "", oxidResolver=True,
                              authLevel=LEVELS[a.level])
        iface = dcom.CoCreateInstanceEx(string_to_bin(a.clsid), IID_IDispatch)
        dispatch = IDispatch(iface)
        for name in [n for n in a.names.split(",") if n]:
            dispid = dispatch.GetIDsOfNames((name,))[0]
            params = DISPPARAMS(None, False)
            params["rgvarg"] = NULL
            params["rgdispidNamedArgs"] = NULL
            params["cArgs"] = 0
            params["cNamedArgs"] = 0
            resp = dispatch.Invoke(dispid, 0x409, 1, params, 0, [], [])
            out[name] = value(resp["pVarResult"])
        out["ok"] = True
    except Exception as e:  # the test reads the error's text, as a user would see it
        out["error"] = "%s: %s" % (type(e).__name__, e)
    if dcom is not None and not a.no_disconnect:
        try:
            dcom.disconnect()
        except Exception as e:
            out["disconnectError"] = "%s: %s" % (type(e).__name__, e)
    print(json.dumps(out), flush=True)
    # the ping timer is a thread Impacket does not always stop: leave without waiting for it
    import os
    os._exit(0 if out["ok"] else 1)


if __name__ == "__main__":
    main()
