/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-dcsim-spec.h: the wire layouts the dcsim tests build and read,
 * written from the specifications as an authority independent of dcsim's
 * own offset constants (dcsim-nvme.h, dcsim-dim.h, dcsim-log.h): Connect
 * data (NVMe over Fabrics 1.1, 3.3), the Identify Controller fields dcsim
 * fills (NVMe Base 2.0, Figure 275), DIM data and an extended Discovery
 * Information Entry (TP8010). The discovery log page is the project's own
 * definition (src/lib/nmnvme-disc-log.h), which nmnvme-libnvme.c checks
 * against libnvme's at compile time. Only the fields the tests use are
 * named; the rest is reserved padding. Multi-byte fields are little endian.
 */
#ifndef TEST_DCSIM_SPEC_H
#define TEST_DCSIM_SPEC_H

#include <glib.h>
#include <stddef.h>

#include "nmnvme-disc-log.h"

G_BEGIN_DECLS

/* Identify Controller CNTRLTYPE */
#define TEST_CNTRLTYPE_DISCOVERY 2

/* Discovery log entry TREQ bit 2: SQ flow control disable supported */
#define TEST_TREQ_DISABLE_SQFLOW (1 << 2)

/* TSAS of a TCP entry: byte 0 is SECTYPE; 2 is TLS 1.3 */
#define TEST_TSAS_TCP_SECTYPE  0
#define TEST_TCP_SECTYPE_TLS13 2

/* DIM data (TP8010) */
#define TEST_DIM_ENTFMT_EXTENDED 2
#define TEST_DIM_ETYPE_HOST      1
#define TEST_EXATTYPE_HOSTID     1
#define TEST_EXATTYPE_SYMNAME    2

/* Connect command data, 1024 bytes. */
typedef struct __attribute__((packed)) {
    guint8  hostid[16];     /* 0 */
    guint16 cntlid;         /* 16 */
    guint8  rsvd18[238];    /* 18 */
    char    subsysnqn[256]; /* 256 */
    char    hostnqn[256];   /* 512 */
    guint8  rsvd768[256];   /* 768 */
} TestConnectData;

G_STATIC_ASSERT(sizeof(TestConnectData) == 1024);
G_STATIC_ASSERT(offsetof(TestConnectData, subsysnqn) == 256);
G_STATIC_ASSERT(offsetof(TestConnectData, hostnqn) == 512);

/* Identify Controller data structure, 4096 bytes. */
typedef struct __attribute__((packed)) {
    guint8  rsvd0[4];       /* 0: VID, SSVID */
    char    sn[20];         /* 4 */
    guint8  rsvd24[53];     /* 24: MN, FR, RAB, IEEE, CMIC */
    guint8  mdts;           /* 77 */
    guint16 cntlid;         /* 78 */
    guint32 ver;            /* 80 */
    guint8  rsvd84[8];      /* 84: RTD3R, RTD3E */
    guint32 oaes;           /* 92 */
    guint8  rsvd96[15];     /* 96 */
    guint8  cntrltype;      /* 111 */
    guint8  rsvd112[147];   /* 112 */
    guint8  aerl;           /* 259 */
    guint8  rsvd260;        /* 260: FRMW */
    guint8  lpa;            /* 261 */
    guint8  rsvd262[58];    /* 262 */
    guint16 kas;            /* 320 */
    guint8  rsvd322[192];   /* 322 */
    guint16 maxcmd;         /* 514 */
    guint8  rsvd516[20];    /* 516 */
    guint32 sgls;           /* 536 */
    guint8  rsvd540[228];   /* 540 */
    char    subnqn[256];    /* 768 */
    guint8  rsvd1024[768];  /* 1024 */
    guint32 ioccsz;         /* 1792 */
    guint32 iorcsz;         /* 1796 */
    guint16 icdoff;         /* 1800 */
    guint8  rsvd1802[4];    /* 1802: FCATT, MSDBD, OFCS */
    guint8  dctype;         /* 1806 */
    guint8  rsvd1807[2289]; /* 1807 */
} TestIdCtrl;

G_STATIC_ASSERT(sizeof(TestIdCtrl) == 4096);
G_STATIC_ASSERT(offsetof(TestIdCtrl, mdts) == 77);
G_STATIC_ASSERT(offsetof(TestIdCtrl, oaes) == 92);
G_STATIC_ASSERT(offsetof(TestIdCtrl, cntrltype) == 111);
G_STATIC_ASSERT(offsetof(TestIdCtrl, aerl) == 259);
G_STATIC_ASSERT(offsetof(TestIdCtrl, kas) == 320);
G_STATIC_ASSERT(offsetof(TestIdCtrl, maxcmd) == 514);
G_STATIC_ASSERT(offsetof(TestIdCtrl, sgls) == 536);
G_STATIC_ASSERT(offsetof(TestIdCtrl, subnqn) == 768);
G_STATIC_ASSERT(offsetof(TestIdCtrl, ioccsz) == 1792);
G_STATIC_ASSERT(offsetof(TestIdCtrl, dctype) == 1806);

/* DIM data header, 1024 bytes; the entries follow it. */
typedef struct __attribute__((packed)) {
    guint32 tdl;          /* 0: total length */
    guint8  rsvd4[4];     /* 4 */
    guint64 nument;       /* 8 */
    guint16 entfmt;       /* 16 */
    guint16 etype;        /* 18 */
    guint8  portlcl;      /* 20 */
    guint8  rsvd21;       /* 21 */
    guint16 ektype;       /* 22 */
    char    eid[256];     /* 24 */
    char    ename[256];   /* 280 */
    char    ever[64];     /* 536 */
    guint8  rsvd600[424]; /* 600 */
} TestDimData;

G_STATIC_ASSERT(sizeof(TestDimData) == 1024);
G_STATIC_ASSERT(offsetof(TestDimData, eid) == 24);
G_STATIC_ASSERT(offsetof(TestDimData, ever) == 536);

/* Extended Discovery Information Entry: 1032 bytes, then the extended
 * attributes (type le16, length le16, value). */
typedef struct __attribute__((packed)) {
    guint8  trtype;      /* 0 */
    guint8  adrfam;      /* 1 */
    guint8  subtype;     /* 2 */
    guint8  treq;        /* 3 */
    guint16 portid;      /* 4 */
    guint16 cntlid;      /* 6 */
    guint16 asqsz;       /* 8 */
    guint8  rsvd10[246]; /* 10 */
    char    nqn[256];    /* 256 */
    char    traddr[256]; /* 512 */
    guint8  tsas[256];   /* 768 */
    guint32 tel;         /* 1024: entry length, attributes included */
    guint16 numexat;     /* 1028 */
    guint8  rsvd1030[2]; /* 1030 */
    guint8  exat[];      /* 1032 */
} TestExtDie;

G_STATIC_ASSERT(sizeof(TestExtDie) == 1032);
G_STATIC_ASSERT(offsetof(TestExtDie, tel) == 1024);
G_STATIC_ASSERT(offsetof(TestExtDie, exat) == 1032);

G_END_DECLS

#endif /* TEST_DCSIM_SPEC_H */
