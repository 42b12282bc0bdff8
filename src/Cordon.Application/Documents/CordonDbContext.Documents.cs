using Cordon.Domain.Documents;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Data;

public partial class CordonDbContext
{
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<SignedDocumentRecord> SignedDocuments => Set<SignedDocumentRecord>();
}
