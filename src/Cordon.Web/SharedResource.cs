namespace Cordon.Web;

/// <summary>Marker for the one resource file set (Resources/SharedResource.*.resx) that holds every UI string.</summary>
public sealed class SharedResource
{
}
